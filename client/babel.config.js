// babel-preset-taro: https://docs.taro.zone/docs/next/babel-config
// NutUI React Taro is imported on demand: `import { Button } from '@nutui/nutui-react-taro'`
// becomes the component's own module plus its own CSS, so only what a page uses is bundled.
module.exports = {
  presets: [
    ['taro', { framework: 'react', ts: true, compiler: 'webpack5' }],
  ],
  plugins: [
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        camel2DashComponentName: false,
        customName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}`,
        customStyle: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}/style/css`,
      },
      'nutui-react-taro',
    ],
  ],
};
