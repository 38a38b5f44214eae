/** The public board's masking: names, phones, ID numbers and house numbers never show; the problem still reads. */
import { maskName, maskPlace, maskText } from '../../../server/grid/mask';
import { suggestCategory, DEFAULT_CATEGORIES, distanceM, insideBoundary } from '../../../server/grid/catalogue';

describe('masking', () => {
  it.each([
    ['王德福', '王*福'],
    ['李娜', '李*'],
    ['欧阳小明', '欧**明'],
    ['王', '*'],
  ])('name %s → %s', (name, masked) => expect(maskName(name)).toBe(masked));

  it('masks known names, phones (mobile and landline), ID numbers and house numbers', () => {
    const out = maskText('王德福家（东头组12号）后墙裂了，电话 139-1234-5678，座机0571-88886666，身份证330106194801011234，隔壁赵长顺也说危险', ['王德福']);
    expect(out).not.toMatch(/王德福|12号|1234-5678|88886666|330106194801011234|赵长顺/);
    expect(out).toContain('王*福');
    expect(out).toContain('139****5678');
    expect(out).toContain('东头组**号');
    expect(out).toContain('后墙裂了');
  });

  it('masks a person named by pattern (surname + given name before 家/说/大爷…)', () => {
    expect(maskText('张建国大爷家的狗跑出来了')).toBe('张**大爷家的狗跑出来了');
  });

  it('leaves text without personal data as it is', () => {
    expect(maskText('村口垃圾好几天没人清运，很臭')).toBe('村口垃圾好几天没人清运，很臭');
  });

  it('a place shows the grid and words, never coordinates or house numbers', () => {
    expect(maskPlace({ kind: 'point', name: '东头组5号门口', address: '浙江省杭州市某某路8号' }, '第一网格')).toBe('第一网格 · 东头组*号门口');
    expect(maskPlace(null, '第二网格')).toBe('第二网格');
  });
});

describe('catalogue helpers', () => {
  it('suggests a category from keywords, across full-width and spaces', () => {
    expect(suggestCategory('家里 停 水 两天了', DEFAULT_CATEGORIES)).toBe('water_power');
    expect(suggestCategory('邻居占道堆杂物，吵架了', DEFAULT_CATEGORIES)).toBe('dispute');
    expect(suggestCategory('你好', DEFAULT_CATEGORIES)).toBeNull();
  });
  it('measures distance and the boundary', () => {
    const centre = { latitude: 30.0462, longitude: 119.9587 };
    expect(distanceM(centre, { latitude: 30.0552, longitude: 119.9587 })).toBeGreaterThan(990);
    expect(insideBoundary({ ...centre, radiusM: 1500 }, { latitude: 30.05, longitude: 119.96 })).toBe(true);
    expect(insideBoundary({ ...centre, radiusM: 1500 }, { latitude: 31.23, longitude: 121.47 })).toBe(false);
    expect(insideBoundary(null, { latitude: 0, longitude: 0 })).toBe(true);
  });
});
