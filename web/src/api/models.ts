// Records that several screens show, as docs/api/openapi.yaml describes them.
import type { RequestOf, ResponseOf } from './spec';

export type Place = ResponseOf<'/api/v1/places/{id}'>;
export type Message = ResponseOf<'/api/v1/me/inbox'>['messages'][number];
export type RoleName = NonNullable<RequestOf<'/api/v1/admin/grants'>['role']>;
