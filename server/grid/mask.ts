/**
 * Masking for the public board (问题曝光): results are public, personal data is not. Names, phone
 * numbers, ID numbers and exact addresses (house numbers) are masked wherever they appear — in the
 * report's text, its place and the reporter's name. Pure functions, tested on their own.
 */

/** 王德福 → 王*福, 李娜 → 李*, 欧阳小明 → 欧**明 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.length ? '*' : '';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

const MOBILE = /(?<!\d)(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)/g;
const LANDLINE = /(?<!\d)(0\d{2,3})[\s-]?(\d{7,8})(?!\d)/g;
const ID_CARD = /(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])/g;
/** house, building, unit, room numbers: 3号, 12栋, 2单元, 301室, 5号楼, 东头组3号 */
const HOUSE_NUMBER = /[0-9０-９一二三四五六七八九十百零]+(?=\s*(?:号楼|号院|号|栋|幢|单元|室|户|楼))/g;
/** a surname followed by a given name and a word that marks a person: 王德福家, 李桂兰说, 张建军大爷 */
const COMMON_SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const NAMED_PERSON = new RegExp(`([${COMMON_SURNAMES}])([\\u4e00-\\u9fa5]{1,2})(?=家|户|也?说|大爷|大娘|大妈|阿姨|叔|婶|奶奶|爷爷|老人|老汉|的)`, 'g');
/** …or after a word that introduces a person: 隔壁赵长顺, 邻居王某某 */
const INTRODUCED_PERSON = new RegExp(`(?<=隔壁|邻居|村民|老人|住户)([${COMMON_SURNAMES}])([\\u4e00-\\u9fa5]{1,2})`, 'g');

/**
 * Masks a text for the public: known names (the reporter's and the like) first, then names by
 * pattern, phones, ID numbers and house numbers.
 */
export function maskText(text: string, knownNames: string[] = []): string {
  let out = text;
  for (const name of [...new Set(knownNames)].filter((n) => n && n.trim().length >= 2).sort((a, b) => b.length - a.length)) {
    out = out.split(name).join(maskName(name));
  }
  out = out.replace(ID_CARD, (_m, a: string) => `${a}********${'*'.repeat(4)}`);
  out = out.replace(MOBILE, (_m, a: string, _b: string, c: string) => `${a}****${c}`);
  out = out.replace(LANDLINE, (_m, a: string) => `${a}-********`);
  out = out.replace(HOUSE_NUMBER, (m) => '*'.repeat(Math.min(m.length, 2)));
  out = out.replace(INTRODUCED_PERSON, (_m, s: string, given: string) => `${s}${'*'.repeat(given.length)}`);
  out = out.replace(NAMED_PERSON, (_m, s: string, given: string) => `${s}${'*'.repeat(given.length)}`);
  return out;
}

/** A place for the public: the map's name or the words, without house numbers; never coordinates. */
export function maskPlace(place: { kind: 'point'; name: string; address: string } | { kind: 'text'; text: string } | null, gridName: string, knownNames: string[] = []): string {
  if (!place) return gridName;
  const words = place.kind === 'point' ? place.name || place.address : place.text;
  return words ? `${gridName} · ${maskText(words, knownNames)}` : gridName;
}
