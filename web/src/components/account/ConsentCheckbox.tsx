/**
 * "我已阅读并同意《用户协议》和《隐私政策》": the consent every sign-up records (issue 19). The
 * links open the pages in a new tab so a half-filled form is not lost. As a form field its value
 * is `accept_terms`; with `required` the form does not submit until it is ticked.
 */
import { Checkbox, Form } from 'antd';
import type { Rule } from 'antd/es/form';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

export default function ConsentCheckbox({ required = true }: { required?: boolean }) {
  const { t } = useTranslation();
  const rule: Rule = {
    validator: (_, value) => (value || !required ? Promise.resolve() : Promise.reject(new Error(t('consent.required')))),
  };
  return (
    <Form.Item name="accept_terms" valuePropName="checked" rules={[rule]} style={{ marginBottom: 16 }}>
      <Checkbox data-testid="consent-checkbox">
        {t('consent.agreePrefix')}
        <Link to="/terms" target="_blank" rel="noopener" data-testid="consent-terms-link">
          {t('consent.terms')}
        </Link>
        {t('consent.and')}
        <Link to="/privacy" target="_blank" rel="noopener" data-testid="consent-privacy-link">
          {t('consent.privacy')}
        </Link>
      </Checkbox>
    </Form.Item>
  );
}
