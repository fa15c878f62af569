// The records of the epidemic-response API (issue 5), as docs/api/openapi.yaml describes them.
import type { RequestOf, ResponseOf } from '../../api';

export type Case = ResponseOf<'/api/v1/cases/{id}'>;
export type CaseStatus = RequestOf<'/api/v1/cases'>['status'];
export type Contact = ResponseOf<'/api/v1/cases/{id}/contacts'>['contacts'][number];
export type Evidence = Contact['evidence'][number];
export type RiskArea = ResponseOf<'/api/v1/risk-areas/{id}'>;
export type RiskAreaPlace = RiskArea['places'][number];
export type Task = ResponseOf<'/api/v1/tasks/{id}/done', 'post'>;
