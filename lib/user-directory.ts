// Cognito user pool for the programme's people. Accounts are created by coordinators (no self sign-up);
// each user's role is a group and their reach is the villages/contactId custom attributes in the ID token.
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '../functions/domain/vocabulary.js';

export interface UserDirectoryProps {
  /** Production accounts: deletion protection on, and the pool survives a stack deletion. */
  readonly protectData: boolean;
}

export class UserDirectory extends Construct {
  readonly userPool: UserPool;
  readonly appClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'Pool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // Mutable so a coordinator can move a volunteer to other villages; CDK's default is immutable.
      customAttributes: {
        villages: new StringAttribute({ mutable: true, maxLen: 2048 }),
        contactId: new StringAttribute({ mutable: true, maxLen: 64 }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      // TOTP only: SMS MFA would need an SNS role and costs per message.
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: props.protectData,
      removalPolicy: props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional so a village volunteer without an authenticator app can still report an incident; every user may enrol TOTP.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          "Essentials tier avoids the Plus tier's charge per monthly active user; sign-up is closed and coordinators create every account.",
      },
    );

    for (const role of ROLES) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role });
    }

    this.appClient = this.userPool.addClient('MobileApp', {
      generateSecret: false, // a mobile app cannot keep a secret
      // SRP only: the password never leaves the device; no plain USER_PASSWORD_AUTH.
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('villages', 'contactId'),
      // Users must not rewrite their own reach. Cognito reads an empty list as "every attribute", so name one.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
  }
}
