// The symptom checkboxes of the check-in and the declaration, in the rules file's vocabulary.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../../api';
import { rulesDocument } from '../../api/rules';
import { t, tMaybe } from '../../i18n';
import { Checkbox } from '../../components/form/Checkbox';

// The vocabulary of the rules file (GET /api/v1/rules → rules.symptoms); this list is the default.
export const SYMPTOMS = ['fever', 'cough', 'fatigue', 'sore_throat', 'loss_of_smell', 'loss_of_taste', 'diarrhea', 'shortness_of_breath', 'muscle_ache', 'runny_nose', 'conjunctivitis'];

let serverSymptoms: Promise<string[]> | undefined;
export function useSymptoms(): string[] {
  const [list, setList] = useState(SYMPTOMS);
  useEffect(() => {
    serverSymptoms ??= get('/api/v1/rules').then(
      (r) => {
        const { symptoms } = rulesDocument(r);
        return Array.isArray(symptoms) && symptoms.length ? symptoms : SYMPTOMS;
      },
      () => SYMPTOMS,
    );
    serverSymptoms.then(setList);
  }, []);
  return list;
}

export function SymptomBoxes({ value, onChange }: { value: string[]; onChange: (v: string[]) => void }) {
  const symptoms = useSymptoms();
  return (
    <fieldset class="field">
      <legend>{t('symptoms')}</legend>
      <div class="checks">
        {symptoms.map((s) => (
          <Checkbox
            key={s}
            name={`symptom_${s}`}
            label={tMaybe(`sym_${s}`) ?? s.replace(/_/g, ' ')}
            checked={value.includes(s)}
            onChange={(on) => onChange(on ? [...value, s] : value.filter((x) => x !== s))}
          />
        ))}
        <Checkbox name="symptom_none" label={t('symptoms_none')} checked={value.length === 0} onChange={(on) => on && onChange([])} />
      </div>
    </fieldset>
  );
}
