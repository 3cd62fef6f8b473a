/** The customer profile modal: saved for supervisors and the director, audited (before → after). */
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { CALLBACK, CUSTOMER_FIELD } from '../../../blocks/ids.ts';
import { plainErrors } from '../../../blocks/text.ts';
import type { Desk } from '../../context.ts';
import { cleanText, parseKeywords } from '../../domain/intake.ts';
import { translator } from '../../i18n/index.ts';
import { updateCustomerProfile } from '../../tickets/customers.ts';
import { readMetadata, readValues } from '../view-values.ts';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

export function register(app: App, desk: Desk): void {
  app.view<ViewSubmitAction>(CALLBACK.customerEdit, async ({ ack, body, view }: Args) => {
    const user = body.user.id;
    const tr = translator(await desk.langOf(user));
    const v = readValues(view.state, CUSTOMER_FIELD);
    const meta = readMetadata<{ customerId: string }>(view.private_metadata);
    const name = cleanText(v.name, 100);
    if (!name) {
      await ack({
        response_action: 'errors',
        errors: { [CUSTOMER_FIELD.name]: tr('intake.error.required') },
      });
      return;
    }
    const res = await updateCustomerProfile(desk, {
      customerId: String(meta.customerId ?? ''),
      by: user,
      changes: {
        name,
        industry: cleanText(v.industry, 100),
        tier: typeof v.tier === 'string' ? v.tier : '',
        method: typeof v.method === 'string' ? v.method : '',
        hours: cleanText(v.hours, 60),
        tags: parseKeywords(v.tags),
      },
    });
    if (!res.ok) {
      const text =
        res.reason === 'denied'
          ? tr('customer.edit.denied')
          : res.reason === 'invalid_tier'
            ? tr('intake.error.choice')
            : tr('access.notFound');
      await ack({ response_action: 'errors', errors: plainErrors({ [CUSTOMER_FIELD.name]: text }) });
      return;
    }
    await ack();
  });
}
