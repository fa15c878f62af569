// Records of the exchange registry screens, as docs/api/openapi.yaml describes them, and the
// small helpers they share.
import type { ResponseOf } from '../../api';
import { t, type MsgKey } from '../../i18n';

export type XrMember = ResponseOf<'/api/v1/admin/exchange/members'>['members'][number];
export type XrKey = XrMember['keys'][number];
export type XrService = ResponseOf<'/api/v1/admin/exchange/services'>['services'][number];
export type XrRight = ResponseOf<'/api/v1/admin/exchange/rights'>['rights'][number];
export type XrCatalogueEntry = ResponseOf<'/api/v1/exchange/services'>['services'][number];
export type SharingClass = XrService['sharing_class'];

export const SHARING: SharingClass[] = ['unconditional', 'conditional', 'not_shared'];

export function sharingName(c: SharingClass): string {
  return t(`xr_sharing_${c}` as MsgKey);
}

/** "a, b ,c" -> ["a", "b", "c"] */
export function splitCodes(s: string): string[] {
  return s
    .split(/[,，\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}
