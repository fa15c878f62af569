// The rules document (rules/default.json) in the answer of GET /api/v1/rules. The spec leaves
// the document free-form (`rules: object`): the fields the screens read are described here.
import type { ResponseOf } from './spec';

export interface RulesDocument {
  temperature_threshold?: number;
  symptoms?: string[];
  colours?: Record<string, { quarantine_days?: number; checkins_required?: number }>;
}

export function rulesDocument(r: ResponseOf<'/api/v1/rules'> | undefined): RulesDocument {
  return (r?.rules ?? {}) as RulesDocument;
}
