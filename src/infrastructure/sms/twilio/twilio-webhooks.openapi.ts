/**
 * The Twilio webhooks in the OpenAPI document, written out here because the controller is excluded from Nest's scan
 * (its form fields are Twilio's, not a DTO of ours). They are documented in every configuration and answered only
 * when SMS_GATEWAY=twilio (otherwise 404). No bearer token: each request must carry Twilio's X-Twilio-Signature over
 * PUBLIC_BASE_URL + path + query and the form fields (403 otherwise, before anything is recorded).
 */
const FORM = 'application/x-www-form-urlencoded';
const STRING = { type: 'string' } as const;
const ERROR = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
});
const SIGNATURE = {
  name: 'X-Twilio-Signature',
  in: 'header',
  required: true,
  schema: STRING,
  description:
    "Base64 HMAC-SHA1, with the account's auth token, of the public URL and the sorted form fields (Twilio's request validation)",
};
const COMMON = {
  tags: ['webhooks: Twilio'],
  security: [],
  parameters: [SIGNATURE],
};
const REFUSED = {
  '403': ERROR('INVALID_TWILIO_SIGNATURE: not signed by Twilio for this URL; nothing recorded'),
  '404': ERROR('Twilio is not the configured SMS gateway (SMS_GATEWAY is not twilio)'),
  '413': ERROR('Body too large'),
  '415': ERROR('Body not form-encoded'),
  '503': ERROR('A store is unavailable: Twilio retries the webhook later'),
};

/** A form Twilio posts: its required fields, the ones we read (any other field is a string too). */
const twilioForm = (required: string[], properties: Record<string, object>) => ({
  required: true,
  content: {
    [FORM]: {
      schema: {
        type: 'object',
        required,
        additionalProperties: { type: 'string' },
        properties: {
          MessageSid: { type: 'string', pattern: '^(SM|MM)[0-9a-fA-F]{32}$' },
          SmsSid: STRING,
          AccountSid: STRING,
          ...properties,
        },
      },
    },
  },
});

export const TWILIO_WEBHOOK_PATHS = {
  '/webhooks/twilio/inbound': {
    post: {
      ...COMMON,
      operationId: 'TwilioWebhooks_inbound',
      summary:
        'Twilio: a text from a student\'s phone ("A message comes in"); recorded (teacher first, keywords) and answered with empty TwiML',
      requestBody: twilioForm(['From', 'MessageSid'], {
        From: { type: 'string', description: "The student's number, E.164", example: '+12015550123' },
        To: {
          type: 'string',
          description: 'Which of our numbers it reached (routes the reply)',
          example: '+12015550190',
        },
        Body: { type: 'string', description: 'The text; characters PostgreSQL cannot store are kept as U+FFFD' },
        NumMedia: { type: 'string', description: 'Pictures are not kept, only the words' },
      }),
      responses: {
        '200': {
          description: "Recorded; no auto-reply (it could tell a stranger the number is a school's)",
          content: {
            'text/xml': {
              schema: { type: 'string', example: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' },
            },
          },
        },
        '400': ERROR('INVALID_INBOUND_WEBHOOK: From or MessageSid missing'),
        ...REFUSED,
      },
    },
  },
  '/webhooks/twilio/status': {
    post: {
      ...COMMON,
      operationId: 'TwilioWebhooks_status',
      summary: 'Twilio: the status callback of one outbound text (the URL we gave Twilio when sending carries our ids)',
      parameters: [
        SIGNATURE,
        { name: 'messageId', in: 'query', required: true, schema: STRING, description: 'Our message id' },
        {
          name: 'studentId',
          in: 'query',
          required: true,
          schema: STRING,
          description: 'The student whose record holds the text',
        },
        {
          name: 'districtId',
          in: 'query',
          required: false,
          schema: STRING,
          description:
            "The student's district (student ids are scoped by district); absent in callbacks of texts sent before",
        },
      ],
      requestBody: twilioForm(['MessageSid', 'MessageStatus'], {
        MessageStatus: {
          type: 'string',
          enum: [
            'accepted',
            'scheduled',
            'queued',
            'sending',
            'sent',
            'delivered',
            'undelivered',
            'failed',
            'read',
            'canceled',
            'receiving',
            'received',
            'partially_delivered',
          ],
        },
        SmsStatus: STRING,
        ErrorCode: { type: 'string', description: "Twilio's error code, e.g. 30006", example: '30006' },
        ErrorMessage: STRING,
        To: STRING,
        From: STRING,
        MessagingServiceSid: STRING,
      }),
      responses: {
        '204': { description: 'Recorded (or nothing to record for this status)' },
        '400': ERROR('INVALID_STATUS_CALLBACK: ids missing from the URL, or MessageSid / MessageStatus from the body'),
        ...REFUSED,
      },
    },
  },
};
