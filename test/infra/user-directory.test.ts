import { Match } from 'aws-cdk-lib/assertions';
import { ROLES } from '../../functions/domain/vocabulary.js';
import { synthesizeStack } from './stack-fixture.js';

// Prepare and Act: synthesize each stage once; the tests below assess the templates.
const { template } = synthesizeStack({ stage: 'dev' });
const prod = synthesizeStack({ stage: 'prod' });
const REACH_ATTRIBUTES = ['custom:villages', 'custom:contactId'];

describe('user directory', () => {
  test('accounts are created by coordinators only and sign in by email', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
    });
  });

  test('prod keeps the pool on stack deletion and turns deletion protection on; dev does not', () => {
    prod.template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtection: 'INACTIVE' }),
    });
  });

  test('passwords are long and mixed; MFA is offered as TOTP', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  test.each(['villages', 'contactId'])('custom attribute %s is mutable so a coordinator can change it', (name) => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([Match.objectLike({ Name: name, AttributeDataType: 'String', Mutable: true })]),
    });
  });

  test.each([...ROLES])('has the %s group', (role) => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
  });

  test('the mobile app client has no secret and signs in by SRP', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayEquals(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
    });
  });

  test('app clients read villages and contactId but cannot write them', () => {
    // Prepare
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));

    // Act
    const attributeLists = clients.map((client) => client.Properties);

    // Assess
    expect(attributeLists).not.toHaveLength(0);
    for (const { ReadAttributes, WriteAttributes } of attributeLists) {
      expect(ReadAttributes).toEqual(expect.arrayContaining(REACH_ATTRIBUTES));
      // Cognito reads an empty or missing list as "every attribute is writable".
      expect(WriteAttributes).toEqual(expect.arrayContaining([expect.any(String)]));
      expect(WriteAttributes).toEqual(expect.not.arrayContaining([expect.stringMatching(/^custom:/)]));
    }
  });
});
