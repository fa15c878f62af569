// A one-field inline form that adds a person, named by resident ID number, to something (a place's
// staff, an enterprise's agents): the number is typed in upper case and checked once complete.
import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { idNumberProblem } from '../../idcard';
import { Button } from '../Button';
import { ActionNotices } from '../feedback/ErrorNotice';
import { useAction } from '../../hooks/useAction';
import { Field } from './Field';

export function AddByIdNumber({ label, button, add, sendEmpty = false }: {
  label: string;
  button: string;
  /** Sends the number; the form then clears it and says "done". */
  add: (idNumber: string) => Promise<unknown>;
  /** Submit an empty number too (the server's error is shown) instead of ignoring the click. */
  sendEmpty?: boolean;
}) {
  const [id, setId] = useState('');
  const action = useAction();
  const p = !id && sendEmpty ? null : idNumberProblem(id);
  return (
    <form
      class="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (p) return;
        await action.run(async () => {
          await add(id);
          setId('');
          return t('done');
        });
      }}
    >
      <Field label={label} value={id} onInput={(v) => setId(v.toUpperCase())} maxLength={18} error={id.length === 18 && p ? t(`err_id_${p}`) : undefined} />
      <Button type="submit" kind="secondary" busy={action.busy}>
        {button}
      </Button>
      <ActionNotices action={action} />
    </form>
  );
}
