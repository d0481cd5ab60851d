import { useTranslation } from 'react-i18next';
import { UNDETECTABLE, UNDETECTABLE_WORDS, type Undetectable } from '../../../../core/analysis/capabilities';
import type { ModelInfo } from '../../api/analysis';

const known = (x: string): x is Undetectable => (UNDETECTABLE as readonly string[]).includes(x);

/**
 * A plain note of what the model cannot detect, from the API's model description, in the same
 * words as the 分析内容 clause the business signs (core/analysis/capabilities.ts: one source).
 */
export function CannotDetectNote({ model }: { model: ModelInfo | undefined }) {
  const { t, i18n } = useTranslation();
  const words = UNDETECTABLE_WORDS[i18n.language === 'en' ? 'en' : 'zh-CN'];
  const list = model?.cannotDetect.length ? model.cannotDetect : [...UNDETECTABLE];
  const items = [...new Set(list.map((x) => (known(x) ? words[x] : x)))];
  return (
    <div className="banner banner-warn" role="note" data-testid="cannot-detect">
      <p>
        <strong>{t('analysis.cannotDetect', { items: items.join(t('analysis.listSep')) })}</strong>
      </p>
      {model?.name && <p className="small">{t('analysis.model', { name: model.name, version: model.version ?? '—' })}</p>}
    </div>
  );
}
