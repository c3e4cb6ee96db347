import { curveKeyPair } from 'zeromq';

// Prints a fresh CURVE key pair in Z85 for an operator to store as secrets. Run it once for the broker
// (IPC_CURVE_SERVER_*) and once per client identity (IPC_CURVE_CLIENT_*).
const pair = curveKeyPair();
process.stdout.write(
  [
    '# A new CURVE key pair (Z85). Keep the secret key secret; the public key may be shared.',
    '# For the broker:            IPC_CURVE_SERVER_PUBLIC_KEY / IPC_CURVE_SERVER_SECRET_KEY',
    '# For a web or bot process:  IPC_CURVE_CLIENT_PUBLIC_KEY / IPC_CURVE_CLIENT_SECRET_KEY',
    `PUBLIC_KEY=${pair.publicKey}`,
    `SECRET_KEY=${pair.secretKey}`,
    '',
  ].join('\n'),
);
