// Thin client for the OneWindow API. Authentication is the HttpOnly `ow_session` cookie set by
// POST /api/v1/sessions; every cookie-authenticated write echoes the `ow_csrf` cookie (the
// session's CSRF token) in `X-CSRF-Token`. Behind HTTPS (`serve --secure-cookies`) both cookies
// are named with the `__Host-` prefix. Errors are RFC 9457 problem+json, turned into ApiError.
// The calls are typed by path and method from docs/api/openapi.yaml (api/spec.ts).
import type { CallArgs, Method, PathsFor, ResponseOf } from './api/spec';
import { getLang, t, tMaybe } from './i18n';

export type { ItemOf, RequestOf, ResponseOf } from './api/spec';

export interface FieldError {
  path: string;
  message: string;
  /** A stable machine code (e.g. "required", "unknown_place"); the text shown comes from it. */
  code?: string;
}

/**
 * One field error in the reader's language: the text of its code (i18n `err_<code>`); without a
 * known code, the server's English message in the English UI and a generic phrase in Chinese.
 */
export function fieldText(e: FieldError): string {
  return (e.code && tMaybe(`err_${e.code}`)) || (getLang() === 'en' ? e.message : t('err_field_invalid'));
}

/** The problem type's last segment ("https://onewindow.gov.cn/problems/not_found" -> "not_found"). */
export function problemCode(type: string): string {
  return type.slice(type.lastIndexOf('/') + 1);
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
  /**
   * True when the server has no such route (a service not deployed on this installation): the
   * router's own 404. A missing thing (an unknown place, an unregistered ID) is not this.
   */
  get missing(): boolean {
    return this.status === 404 && /^no such resource$/.test(this.detail) && !this.errors.length;
  }
  /** Error of one field, by its JSON path without the leading "$." (e.g. "id_number"), in words. */
  field(name: string): string | undefined {
    const e = this.errors.find((x) => x.path.replace(/^\$\.?/, '') === name);
    return e && fieldText(e);
  }
}

/** The server's message about one field of the request, when `e` is an ApiError naming it. */
export function fieldError(e: unknown, name: string): string | undefined {
  return e instanceof ApiError ? e.field(name) : undefined;
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

/** One HTTP exchange: JSON in and out, the session cookie, the CSRF header on writes. */
async function request(method: string, url: string, body?: unknown, init: RequestInit = {}): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...((init.headers as Record<string, string>) ?? {}) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = cookie('__Host-ow_csrf') ?? cookie('ow_csrf');
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      ...init,
      headers, // (init's headers are merged in above)
    });
  } catch (e) {
    throw new NetworkError(String(e));
  }
  if (res.status === 204) return undefined;
  const type = res.headers.get('Content-Type') ?? '';
  const data = type.includes('json') ? await res.json().catch(() => ({})) : await res.text();
  if (!res.ok) throw new ApiError(res.status, typeof data === 'object' ? data : { detail: String(data) });
  return data;
}

/**
 * Calls an operation of docs/api/openapi.yaml, typed by its path and method (api/spec.ts):
 * `params` fill the path's {placeholders}, `query` is the query string, `body` the JSON body;
 * the answer has the type of the operation's 2xx JSON response.
 */
export function call<M extends Method, P extends PathsFor<M>>(method: M, path: P, ...[options]: CallArgs<M, P>): Promise<ResponseOf<P, M>> {
  const o = (options ?? {}) as { params?: Record<string, string | number>; query?: Record<string, string | number | undefined | null>; body?: unknown; cache?: RequestCache; headers?: Record<string, string> };
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(o.params?.[name] ?? ''))) + qs(o.query ?? {});
  // Writes always send a JSON body, {} when the operation takes none.
  const body = o.body ?? (method === 'get' || method === 'delete' ? undefined : {});
  const init: RequestInit = o.cache ? { cache: o.cache } : {};
  if (o.headers) init.headers = o.headers;
  return request(method.toUpperCase(), url, body, init) as Promise<ResponseOf<P, M>>;
}

export const get = <P extends PathsFor<'get'>>(path: P, ...args: CallArgs<'get', P>) => call('get', path, ...args);
export const post = <P extends PathsFor<'post'>>(path: P, ...args: CallArgs<'post', P>) => call('post', path, ...args);
export const put = <P extends PathsFor<'put'>>(path: P, ...args: CallArgs<'put', P>) => call('put', path, ...args);
export const patch = <P extends PathsFor<'patch'>>(path: P, ...args: CallArgs<'patch', P>) => call('patch', path, ...args);
export const del = <P extends PathsFor<'delete'>>(path: P, ...args: CallArgs<'delete', P>) => call('delete', path, ...args);

/** The caller's own profile (GET /api/v1/me). */
export type Me = ResponseOf<'/api/v1/me'>;
export type RoleGrant = NonNullable<Me['roles']>[number];

/** Query string from an object, skipping empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}
