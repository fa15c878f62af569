// Records that several screens show, as docs/api/openapi.yaml describes them.
import type { RequestOf, ResponseOf } from './spec';

/** A place as listed by GET /api/v1/places. */
export type Place = ResponseOf<'/api/v1/places'>['places'][number];
export type Message = ResponseOf<'/api/v1/me/inbox'>['messages'][number];
export type Grant = ResponseOf<'/api/v1/admin/grants'>['grants'][number];
export type RoleName = NonNullable<RequestOf<'/api/v1/admin/grants'>['role']>;
