import { useTranslation } from 'react-i18next';
import { setLang, type Lang } from '../../i18n';

/** One button that flips between 中文 and English; the choice is kept in localStorage. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next: Lang = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <button type="button" className="btn btn-quiet lang-switch" lang={next} aria-label={`${t('lang.label')}: ${t(`lang.${next}`)}`} onClick={() => setLang(next)}>
      {t('lang.switchTo')}
    </button>
  );
}
