'use strict';
// A real OpenID Connect provider for the browser journeys (npm `oidc-provider`), configured as
// ProConnect is: its pivot identity's scopes and claims (given_name, usual_name, email, uid,
// siret), the ID token signed ES256 and the userinfo answered as a JWT signed RS256
// (`application/jwt`), PKCE required, client_secret_basic, RP-initiated sign-out. Its pages are
// plain local HTML (no third-party asset). Anyone may sign in: the login typed is the e-mail,
// verified, and the subject is `pc-` and that login.
//
// `POST /__control?mode=tamper|nonce|issuer` makes the NEXT token answer carry an ID token that
// is altered after signing, or signed with the provider's real key but with a wrong nonce or
// another issuer: the real provider still answers the flow, and MSP must refuse it.
//
//   OIDC_PORT=4000 MSP_BASE_URL=http://127.0.0.1:8080 node e2e/lib/oidc-provider.js
// prints "oidc-provider ready on http://127.0.0.1:4000" once it listens. The client is
// `msp-e2e` with the secret in OIDC_CLIENT_SECRET (scripts/e2e passes the same to the server).
const http = require('node:http');

const PORT = Number(process.env.OIDC_PORT || 4000);
const ISSUER = `http://127.0.0.1:${PORT}`;
const MSP = process.env.MSP_BASE_URL || 'http://127.0.0.1:8080';
const SECRET = process.env.OIDC_CLIENT_SECRET || 'secret-e2e-proconnect';

const page = (title, body) => `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} – ProConnect (test)</title>
<style>body{font-family:sans-serif;max-width:30rem;margin:2rem auto;padding:0 1rem}
label,input,button{display:block;font-size:1rem;margin:.5rem 0}button{background:#000091;color:#fff;border:0;padding:.6rem 1rem}</style>
</head><body><main><h1>${title}</h1>${body}</main></body></html>`;

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function main() {
  const { default: Provider } = await import('oidc-provider');
  const jose = await import('jose');

  // The provider's keys, made here so that the control endpoint can sign with them too.
  const ec = await jose.generateKeyPair('ES256', { extractable: true });
  const rsa = await jose.generateKeyPair('RS256', { extractable: true });
  const ecJwk = { ...(await jose.exportJWK(ec.privateKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' };
  const rsaJwk = { ...(await jose.exportJWK(rsa.privateKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };

  const provider = new Provider(ISSUER, {
    clients: [{
      client_id: 'msp-e2e',
      client_secret: SECRET,
      redirect_uris: [`${MSP}/connexion/oidc/retour`],
      post_logout_redirect_uris: [`${MSP}/deconnexion/oidc`],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
      userinfo_signed_response_alg: 'RS256',
    }],
    jwks: { keys: [ecJwk, rsaJwk] },
    cookies: { keys: ['cle-des-cookies-du-fournisseur-de-test'] },
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'given_name', 'usual_name', 'uid', 'siret'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      given_name: ['given_name'],
      usual_name: ['usual_name'],
      uid: ['uid'],
      siret: ['siret'],
    },
    async findAccount(ctx, id) {
      const email = id.replace(/^pc-/, '');
      return {
        accountId: id,
        async claims() {
          return {
            sub: id, email, email_verified: true, given_name: 'Camille', usual_name: 'Proconnect',
            uid: email, siret: '13002526500013',
          };
        },
      };
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      jwtUserinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = page('Se déconnecter de ProConnect ?', `${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Oui, me déconnecter</button>`);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.body = page('Déconnecté·e de ProConnect', '<p>Vous êtes déconnecté·e.</p>');
        },
      },
    },
  });

  // The control endpoint's next answer, applied to the token endpoint's ID token.
  let next = null;
  const payloadOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
  const resign = (claims) => new jose.SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'ec-1' }).sign(ec.privateKey);
  provider.use(async (ctx, nextMiddleware) => {
    await nextMiddleware();
    if (ctx.path !== '/token' || !next || !ctx.body || !ctx.body.id_token) return;
    const mode = next;
    next = null;
    const token = ctx.body.id_token;
    const claims = payloadOf(token);
    if (mode === 'tamper') {
      const [header, , signature] = token.split('.');
      const altered = Buffer.from(JSON.stringify({ ...claims, sub: 'pc-quelqu-un-d-autre' })).toString('base64url');
      ctx.body = { ...ctx.body, id_token: `${header}.${altered}.${signature}` };
    } else if (mode === 'nonce') {
      ctx.body = { ...ctx.body, id_token: await resign({ ...claims, nonce: 'un-autre-nonce' }) };
    } else if (mode === 'issuer') {
      ctx.body = { ...ctx.body, id_token: await resign({ ...claims, iss: 'http://127.0.0.1:1/inconnu' }) };
    }
  });

  const callback = provider.callback();
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, ISSUER);
      if (url.pathname === '/__control' && req.method === 'POST') {
        const mode = url.searchParams.get('mode');
        if (!['tamper', 'nonce', 'issuer'].includes(mode)) { res.writeHead(400).end(); return; }
        next = mode;
        res.writeHead(204).end();
        return;
      }
      const interaction = url.pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
      if (interaction) {
        await interact(provider, req, res, interaction[2] === '/login');
        return;
      }
      callback(req, res);
    } catch (error) {
      console.error(error);
      res.writeHead(500).end(String(error));
    }
  });
  server.listen(PORT, '127.0.0.1', () => console.log(`oidc-provider ready on ${ISSUER}`));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

// The provider's own pages: a login form (any login, the e-mail), then consent given at once.
async function interact(provider, req, res, submitted) {
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params } = details;
  if (prompt.name === 'login') {
    if (submitted && req.method === 'POST') {
      const login = ((await readForm(req)).get('login') || '').trim().toLowerCase();
      await provider.interactionFinished(req, res, { login: { accountId: `pc-${login}` } },
        { mergeWithLastSubmission: false });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page('Se connecter à ProConnect (test)', `
<form method="post" action="/interaction/${escape(uid)}/login">
  <label for="login">Adresse e-mail professionnelle</label>
  <input id="login" name="login" type="email" autocomplete="username" required>
  <button type="submit">Se connecter</button>
</form>`));
    return;
  }
  // Consent: granted at once for what MSP asked (ProConnect asks nothing more of the agent).
  const { accountId } = details.session;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  if (prompt.details.missingResourceScopes) {
    for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes)) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

main().catch((error) => { console.error(error); process.exit(1); });
