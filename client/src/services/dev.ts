import { ServiceError } from './transport';

/**
 * The emulator's dev login (browser build only; the emulator refuses it off loopback). Not a cloud
 * function, so it does not go through the transport; it only hands the transport its token.
 */
export interface Persona {
  id: string;
  name: string;
  description: string;
  /** the demo's elderly villager starts in 长辈模式 */
  elderMode: boolean;
}

function normalise(raw: any): Persona[] {
  const list: any[] = Array.isArray(raw) ? raw : Array.isArray(raw?.personas) ? raw.personas : [];
  return list
    .map((p) => ({
      id: String(p.id ?? p.personaId ?? ''),
      name: String(p.label ?? p.name ?? p.id ?? ''),
      description: String(p.description ?? p.summary ?? p.note ?? p.role ?? ''),
      elderMode: p.elderMode === true,
    }))
    .filter((p) => p.id);
}

export async function listPersonas(): Promise<Persona[]> {
  let res: Response;
  try {
    res = await fetch('/dev/personas');
  } catch {
    throw new ServiceError('network_error', '连不上本地服务，请确认 npm start 正在运行。', true);
  }
  if (!res.ok) throw new ServiceError('dev_login_unavailable', '本地服务没有提供演示身份。', true);
  return normalise(await res.json());
}

export async function devLogin(who: { personaId: string } | { newVisitor: true }): Promise<{ token: string; name: string; elderMode: boolean }> {
  let res: Response;
  try {
    res = await fetch('/dev/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(who) });
  } catch {
    throw new ServiceError('network_error', '连不上本地服务，请确认 npm start 正在运行。', true);
  }
  const body: any = await res.json().catch(() => null);
  if (!res.ok || !body?.token) throw new ServiceError('dev_login_failed', '登录没有成功，请重试。', true);
  const name = body.persona?.label ?? body.persona?.name ?? ('newVisitor' in who ? '新访客' : '');
  return { token: String(body.token), name: String(name), elderMode: body.persona?.elderMode === true };
}
