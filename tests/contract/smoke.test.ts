import { startTestEmulator, sdkFor, writeFunctions, FUNCTION_PREAMBLE } from '../support/emulator';

test('smoke', async () => {
  const dir = writeFunctions({ who: { source: FUNCTION_PREAMBLE + `exports.main = async (event) => { const r = await db.collection('t').add({ data: { a: 1, at: db.serverDate() } }); const g = await db.collection('t').doc(r._id).get(); return { ctx: cloud.getWXContext(), g: g.data }; };` } });
  const emu = await startTestEmulator({ functionsDir: dir, collections: [{ name: 't', indexes: [] }] });
  try {
    const cloud = sdkFor(emu);
    const db = cloud.database();
    const r = await db.collection('t').add({ data: { _id: 'x', n: 1 } });
    expect(r._id).toBe('x');
    const g = await db.collection('t').doc('x').get();
    expect(g.data).toEqual({ _id: 'x', n: 1 });
    const out = await emu.invoke('who', {}, { openid: 'o-1' });
    console.log(JSON.stringify(out));
    expect(out.result).toBeDefined();
  } finally {
    await emu.close();
  }
});
