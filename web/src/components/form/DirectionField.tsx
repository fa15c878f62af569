import { t } from '../../i18n';

/** Entry or exit, as two radio buttons named "direction". */
export function DirectionField({ value, onChange }: { value: 'in' | 'out'; onChange: (d: 'in' | 'out') => void }) {
  return (
    <fieldset class="field">
      <legend>{t('cp_direction')}</legend>
      <div class="radios">
        <label>
          <input type="radio" name="direction" checked={value === 'in'} onChange={() => onChange('in')} /> {t('dir_in')}
        </label>
        <label>
          <input type="radio" name="direction" checked={value === 'out'} onChange={() => onChange('out')} /> {t('dir_out')}
        </label>
      </div>
    </fieldset>
  );
}

