import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { beforeEach, expect, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { SesMailer } from '../../functions/adapters/ses/ses-mailer.js';

const ses = mockClient(SESv2Client);
beforeEach(() => {
  ses.reset();
});

const message = { to: 'po@funder.example.org', subject: 'Suraksha weekly summary 2026-W48', html: '<table></table>', text: 'figures' };

test('sends the HTML body with its plain-text alternative from the configured identity', async () => {
  // Prepare
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0001' });
  const mailer = new SesMailer({
    client: new SESv2Client({}),
    from: 'Suraksha <summary@ngo.example.org>',
    configurationSetName: 'suraksha',
  });
  // Act
  const sent = await mailer.send(message);
  // Assess
  expect(sent).toEqual({ messageId: 'ses-0001' });
  expect(ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input)).toEqual([
    {
      FromEmailAddress: 'Suraksha <summary@ngo.example.org>',
      Destination: { ToAddresses: ['po@funder.example.org'] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: { Html: { Data: message.html, Charset: 'UTF-8' }, Text: { Data: message.text, Charset: 'UTF-8' } },
        },
      },
      ConfigurationSetName: 'suraksha',
    },
  ]);
});

test('an SES refusal reaches the caller, who records the email as failed', async () => {
  ses.on(SendEmailCommand).rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));
  const mailer = new SesMailer({ client: new SESv2Client({}), from: 'summary@ngo.example.org' });
  await expect(mailer.send(message)).rejects.toMatchObject({ name: 'MessageRejected' });
});
