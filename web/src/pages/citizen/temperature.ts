// A body temperature as typed (34–43 °C, comma or point): the error text, if any.
import { t } from '../../i18n';

export function tempError(v: string): string | undefined {
  const n = Number(v.replace(',', '.'));
  if (!v || isNaN(n) || n < 34 || n > 43) return t('err_temperature');
  return undefined;
}
