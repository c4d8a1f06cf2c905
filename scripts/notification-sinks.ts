/**
 * Local receiving ends for notifications on a development machine: an SMTP server and an
 * SMS provider (the ones the tests use) on the ports the default SMTP_URL and
 * SMS_PROVIDER_URL point at, printing each message they receive. Ctrl-C stops them.
 *
 *   node --import tsx scripts/notification-sinks.ts
 */
import { config } from '../infra/config.js';
import { startSmsSink, startSmtpSink } from '../tests/support/notification-sinks.js';

const settings = config();
const smtpPort = Number(new URL(settings.SMTP_URL).port || 25);
const smsPort = Number(new URL(settings.SMS_PROVIDER_URL).port || 80);
const [smtp, sms] = await Promise.all([startSmtpSink({ port: smtpPort }), startSmsSink(settings.SMS_API_KEY, { port: smsPort })]);
process.stdout.write(`SMTP sink on ${smtp.url}, SMS sink on ${sms.url}\n`);

let printedEmails = 0;
let printedTexts = 0;
const timer = setInterval(() => {
  for (const mail of smtp.received.slice(printedEmails)) process.stdout.write(`\n✉  to ${mail.to.join(', ')}: ${mail.subject}\n${mail.body}\n`);
  for (const text of sms.messages.slice(printedTexts)) process.stdout.write(`\n✆  to ${text.to}: ${text.body}\n`);
  printedEmails = smtp.received.length;
  printedTexts = sms.messages.length;
}, 500);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    clearInterval(timer);
    await Promise.all([smtp.close(), sms.close()]);
    process.exit(0);
  });
}
