// Thin client for the OneWindow API. Authentication is the HttpOnly `ow_session` cookie set by
// POST /api/v1/sessions; every cookie-authenticated write echoes the `ow_csrf` cookie in
// `X-CSRF-Token`. Errors are RFC 9457 problem+json, turned into ApiError.

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  status: number;
  type: string;
  title: string;
  detail: string;
  errors: FieldError[];
  constructor(status: number, body: Partial<{ type: string; title: string; detail: string; errors: FieldError[] }>) {
    super(body.detail || body.title || `HTTP ${status}`);
    this.status = status;
    this.type = body.type ?? '';
    this.title = body.title ?? '';
    this.detail = body.detail ?? '';
    this.errors = Array.isArray(body.errors) ? body.errors : [];
  }
  /** True when the server has no such route yet (a service not deployed on this installation). */
  get missing(): boolean {
    return this.status === 404 && /no such resource|not_found/.test(this.detail + this.type) && !this.errors.length;
  }
  /** Error of one field, by its JSON path without the leading "$." (e.g. "id_number"). */
  field(name: string): string | undefined {
    return this.errors.find((e) => e.path.replace(/^\$\.?/, '') === name)?.message;
  }
}

/** Thrown when the network is down (fetch rejected), as opposed to an HTTP error. */
export class NetworkError extends Error {}

export function cookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export async function api<T = any>(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = cookie('ow_csrf');
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      ...init,
    });
  } catch (e) {
    throw new NetworkError(String(e));
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('Content-Type') ?? '';
  const data = type.includes('json') ? await res.json().catch(() => ({})) : await res.text();
  if (!res.ok) throw new ApiError(res.status, typeof data === 'object' ? data : { detail: String(data) });
  return data as T;
}

export const get = <T = any>(path: string) => api<T>('GET', path);
export const post = <T = any>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const del = <T = any>(path: string, body?: unknown) => api<T>('DELETE', path, body);
export const put = <T = any>(path: string, body?: unknown) => api<T>('PUT', path, body ?? {});
export const patch = <T = any>(path: string, body?: unknown) => api<T>('PATCH', path, body ?? {});

export interface RoleGrant {
  role: string;
  scope: string;
}

export interface Me {
  citizen_id: string;
  name: string;
  id_number: string;
  masked_name: string;
  masked_id: string;
  region: string;
  sex: string;
  birth_date: string;
  phone: string | null;
  address: string | null;
  roles: RoleGrant[];
}

/** Query string from an object, skipping empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}
