// babel-preset-taro: https://docs.taro.zone/docs/next/babel-config
// NutUI React Taro, if a page ever imports it, comes in on demand: `import { X } from
// '@nutui/nutui-react-taro'` becomes that component's module plus its CSS, never the whole library.
// No page uses it today (docs/ARCHITECTURE.md, Client, says why).
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
