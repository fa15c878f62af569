// A code typed or pasted (e.g. read by a handheld scanner acting as a keyboard).
import { t } from '../i18n';
import { Button } from '../components/Button';
import { TextArea } from '../components/form/TextArea';

export function ManualEntry({ value, onInput, onSubmit, busy, disabled }: { value: string; onInput: (v: string) => void; onSubmit: () => void; busy: boolean; disabled: boolean }) {
  return (
    <form
      class="card form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h2 class="h3">{t('cp_manual')}</h2>
      <TextArea label={t('cp_payload')} name="payload" value={value} onInput={onInput} rows={3} />
      <Button type="submit" busy={busy} disabled={disabled || !value.trim()}>
        {t('cp_verify')}
      </Button>
    </form>
  );
}
