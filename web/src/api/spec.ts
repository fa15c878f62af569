// Types of the API operations, from the spec: schema.gen.ts is generated from
// docs/api/openapi.yaml (`npm run gen:api`). A page names an operation by its path and method
// and gets the types of its parameters, body and answer from there.
import type { paths } from './schema.gen';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Op<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;

/** The paths that have a `M` operation. */
export type PathsFor<M extends Method> = { [P in keyof paths]: [Op<P, M>] extends [never] ? never : P }[keyof paths];

/** The names of a path template's placeholders: '/cases/{id}/status' → 'id'. */
type ParamNames<P extends string> = P extends `${string}{${infer N}}${infer Rest}` ? N | ParamNames<Rest> : never;

// A JSON content without a schema (`unknown`) counts as undocumented too.
type Json<X> = X extends { content: { 'application/json': infer B } } ? (unknown extends B ? Undocumented : B) : never;
type DeclaredQuery<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type Body<O> = O extends { requestBody?: infer R } ? Json<NonNullable<R>> : never;
type Responses<O> = O extends { responses: infer R } ? R : never;
type OkBody<O> = { [K in keyof Responses<O>]: K extends 200 | 201 | 202 | 203 | 206 ? Json<Responses<O>[K]> : K extends 204 ? undefined : never }[keyof Responses<O>];

/**
 * The answer of an operation whose spec describes its 2xx response in prose only, without a
 * schema. It is `any` on purpose: the page code is type-checked against the response as soon as
 * docs/api/openapi.yaml gives it a schema, without a change here.
 */
export type Undocumented = any;

/** The JSON body of the 2xx answer of `M path` (undefined for 204). */
export type ResponseOf<P extends PathsFor<M>, M extends Method = 'get'> = [OkBody<Op<P, M>>] extends [never] ? Undocumented : OkBody<Op<P, M>>;

/** An item of the list `K` in the answer of GET `P`: ItemOf<'/api/v1/tasks', 'tasks'>. */
export type ItemOf<P extends PathsFor<'get'>, K extends keyof ResponseOf<P>> = 0 extends 1 & ResponseOf<P> ? Undocumented : NonNullable<ResponseOf<P>[K]> extends readonly (infer I)[] ? I : never;

/** The JSON body `M path` takes. */
export type RequestOf<P extends PathsFor<M>, M extends Method = 'post'> = Body<Op<P, M>>;

// The query and the body are free while the spec declares none, like an Undocumented answer.
type CallOptions<M extends Method, P extends PathsFor<M>, O = Op<P, M>> = {
  query?: [DeclaredQuery<O>] extends [never] ? Record<string, string | number | undefined | null> : DeclaredQuery<O>;
  cache?: RequestCache;
  headers?: Record<string, string>; // extra request headers (e.g. If-Match)
} & ([ParamNames<P>] extends [never] ? { params?: never } : { params: Record<ParamNames<P>, string | number> }) &
  ([Body<O>] extends [never] ? { body?: Undocumented } : O extends { requestBody: unknown } ? { body: Body<O> } : { body?: Body<O> });

/** The options argument of `M path`: required when the path has placeholders or the body is required. */
export type CallArgs<M extends Method, P extends PathsFor<M>> = {} extends CallOptions<M, P> ? [options?: CallOptions<M, P>] : [options: CallOptions<M, P>];
