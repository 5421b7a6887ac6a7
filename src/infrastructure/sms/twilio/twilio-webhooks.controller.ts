import { Body, Controller, Header, HttpCode, Logger, Post, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipRateLimit } from '../../http/rate-limit/skip-rate-limit.decorator';
import { SmsReportsHandler } from '../../../application/delivery/dispatch-sms/sms-reports.handler';
import { repairText } from '../../../domain/shared/storable-text';
import { Public } from '../../auth/public.decorator';
import { apiHttpException } from '../../http/api-error';
import { RepairsOwnText } from '../../http/storable-text.guard';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { twilioDeliveryState } from './twilio-status.mapper';
import { ID_PATTERN } from '../../../domain/shared/identifier';

/** Nothing to say back: an auto-reply could leak that this number belongs to a school, or to which student. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

const SID = /^(SM|MM)[0-9a-fA-F]{32}$/;

type Form = Record<string, unknown>;
const field = (form: Form, name: string): string | null =>
  typeof form[name] === 'string' && form[name] !== '' ? (form[name] as string) : null;

/**
 * Twilio will not resend a changed body, so text PostgreSQL cannot store (NUL, unpaired surrogates) is kept with
 * U+FFFD in place of each bad character, after the signature was verified on the original. Returns which fields changed.
 */
function repairForm(form: Form): { form: Form; repaired: string[] } {
  const out: Form = {};
  const repaired: string[] = [];
  for (const [name, value] of Object.entries(form)) {
    const key = repairText(name);
    const text = typeof value === 'string' ? repairText(value) : { text: value, repaired: false };
    if (key.repaired || text.repaired) repaired.push(key.text);
    out[key.text] = text.text;
  }
  return { form: out, repaired };
}

/**
 * Twilio's webhooks: their own routes, no bearer token (Twilio cannot send one), each signature-checked. Not rate
 * limited per IP: all of Twilio's callbacks come from a few addresses, and dropping one would lose a status.
 */
@ApiExcludeController()
@Public()
@SkipRateLimit()
@RepairsOwnText()
@UseGuards(TwilioSignatureGuard)
@Controller('webhooks/twilio')
export class TwilioWebhooksController {
  private readonly logger = new Logger(TwilioWebhooksController.name);

  constructor(private readonly reports: SmsReportsHandler) {}

  /** Status callback of one outbound text; our ids are in the URL we gave Twilio when sending. */
  @Post('status')
  @HttpCode(204)
  async status(@Query() rawQuery: Form, @Body() rawForm: Form): Promise<void> {
    const { form } = repairForm(rawForm);
    const { form: query } = repairForm(rawQuery);
    const messageId = field(query, 'messageId');
    const studentId = field(query, 'studentId');
    // Callbacks of texts sent before ids were scoped by district name no district (their student's stream is legacy).
    const districtId = field(query, 'districtId');
    const sid = field(form, 'MessageSid') ?? field(form, 'SmsSid');
    const twilioStatus = field(form, 'MessageStatus') ?? field(form, 'SmsStatus');
    if (
      !messageId ||
      !studentId ||
      !ID_PATTERN.test(messageId) ||
      !ID_PATTERN.test(studentId) ||
      (districtId !== null && !ID_PATTERN.test(districtId)) ||
      !sid ||
      !SID.test(sid) ||
      !twilioStatus
    ) {
      throw apiHttpException(
        400,
        'INVALID_STATUS_CALLBACK',
        'A status callback needs messageId and studentId in its URL and MessageSid and MessageStatus in its body.',
      );
    }
    const state = twilioDeliveryState(twilioStatus, field(form, 'ErrorCode'), field(form, 'ErrorMessage'));
    if (state.status === null) return;
    await this.reports.deliveryStatus({
      studentId,
      ...(districtId ? { districtId } : {}),
      messageId,
      providerMessageId: sid,
      status: state.status,
      errorCode: state.errorCode,
      reason: state.reason,
      ...(state.failureKind ? { failureKind: state.failureKind } : {}),
    });
  }

  /** A text from a student's phone: recorded (teacher first, keywords), answered with empty TwiML. */
  @Post('inbound')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  async inbound(@Body() rawForm: Form): Promise<string> {
    const { form, repaired } = repairForm(rawForm);
    const from = field(form, 'From');
    const sid = field(form, 'MessageSid') ?? field(form, 'SmsSid');
    if (!from || !sid || !SID.test(sid)) {
      throw apiHttpException(400, 'INVALID_INBOUND_WEBHOOK', 'An inbound message webhook needs From and MessageSid.');
    }
    const media = Number(field(form, 'NumMedia') ?? '0');
    if (media > 0)
      this.logger.log({ providerMessageId: sid, media }, 'Inbound text had pictures; only its words are kept');
    if (repaired.length > 0)
      this.logger.warn(
        { providerMessageId: sid, fields: repaired },
        'Inbound text had characters that cannot be stored; kept with U+FFFD in their place',
      );
    const bodySanitized = repaired.includes('Body');
    await this.reports.inbound({
      from,
      to: field(form, 'To'),
      body: field(form, 'Body') ?? '',
      providerMessageId: sid,
      ...(bodySanitized ? { bodySanitized } : {}),
    });
    return EMPTY_TWIML;
  }
}
