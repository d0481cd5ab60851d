import { useTranslation } from 'react-i18next';
import type { ModelInfo } from '../../api/analysis';

/** What the detector is known not to see; said before, as well as after, anyone relies on it. */
const KNOWN_BLIND = ['rodents', 'masks', 'hats', 'smoking'];

/** A plain note of what the model cannot detect (rodents, masks, hats, smoking), from the API's model description. */
export function CannotDetectNote({ model }: { model: ModelInfo | undefined }) {
  const { t } = useTranslation();
  const list = model?.cannotDetect.length ? model.cannotDetect : KNOWN_BLIND;
  const words = [...new Set(list.map((x) => t(`analysis.undetectable.${x.toLowerCase()}`, { defaultValue: x })))];
  return (
    <div className="banner banner-warn" role="note" data-testid="cannot-detect">
      <p>
        <strong>{t('analysis.cannotDetect', { items: words.join(t('analysis.listSep')) })}</strong>
      </p>
      {model?.name && <p className="small">{t('analysis.model', { name: model.name, version: model.version ?? '—' })}</p>}
    </div>
  );
}
