/** Served when the operator configures no terms of use of his own (TERMS_OF_USE_FILE). */
export const DEFAULT_TERMS_OF_USE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Terms of use</title>
</head>
<body>
  <h1>Terms of use</h1>
  <p>This annotation server is provided by its operator as it is, without any warranty.</p>
  <p>Upload only data you have the right to share with the other users of this server, and keep your
  credentials to yourself. The operator may suspend accounts that misuse the service.</p>
  <p>The operator has not published terms of their own; ask them for the conditions that apply to
  this installation.</p>
</body>
</html>
`;
