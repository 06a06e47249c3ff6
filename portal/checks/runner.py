"""One attempt of a session check against KSeF: authenticate, look at the permissions, open an
online session and always close it, and end the authentication session no longer needed.

A KSeF token authenticates afresh on every attempt. A signed request is sent once, by the first
attempt; later ones continue its authentication and refresh the access token, which carries the
permissions held now. The check's secret lives only in ``run_attempt``'s frames and, sealed, in
the check's row: never in a step, a fact, a log line or an exception message.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.views.decorators.debug import sensitive_variables

from portal.checks import blocks, pacing, tokenvault
from portal.checks.config import get_config
from portal.checks.diagnosis import OWNER, Grant, Observation, grants_facts
from portal.checks.models import Credential, Outcome, SessionCheck, StepName
from portal.checks.steps import StepLog, record_step
from portal.ksef.client import Authentication, AuthInit, KsefClient, Polling
from portal.ksef.errors import KsefAuthFailed, KsefError, KsefHttpError
from portal.ksef.protocol import (
    ApiPath,
    AuthStatusCode,
    AuthStatusDetail,
    ReasonCode,
    parse_ksef_token,
)
from portal.lib.clock import Clock
from portal.lib.environments import base_url, environment_choices

logger = logging.getLogger("portal.checks")

AUTH_POLL_INTERVAL_SECONDS = 1.0
# Public resources KSeF limits per client address, not per context.
PER_ADDRESS_PATHS = (ApiPath.CHALLENGE, ApiPath.PUBLIC_KEY_CERTIFICATES)


def new_client(environment: str, clock: Clock) -> KsefClient:
    return KsefClient(
        base_url(environment), timeout=get_config().http_timeout_seconds, now=clock.now
    )


def authenticate(
    client: KsefClient, nip: str, token: str, log: StepLog, *, report_steps: bool = True
) -> Authentication:
    return client.authenticate_with_token(
        nip,
        token,
        poll_interval=AUTH_POLL_INTERVAL_SECONDS,
        max_wait=get_config().auth_max_wait_seconds,
        clock=log.clock.monotonic,
        sleep=log.clock.sleep,
        on_step=log.auth_step if report_steps else None,
    )


def polling(log: StepLog) -> Polling:
    return Polling(
        AUTH_POLL_INTERVAL_SECONDS,
        get_config().auth_max_wait_seconds,
        log.clock.monotonic,
        log.clock.sleep,
    )


def hold(
    check: SessionCheck, credential: Credential, secret: str = "", reference: str = ""
) -> None:
    """Keep, sealed, what the check's next attempt logs in with; nothing (``secret`` empty) when
    there is nothing left to use."""
    check.credential = credential
    check.token_ciphertext = tokenvault.seal(secret) if secret else ""
    fields = ["credential", "token_ciphertext"]
    if reference:
        check.auth_reference = reference
        fields.append("auth_reference")
    SessionCheck.objects.filter(pk=check.pk).update(
        **{name: getattr(check, name) for name in fields}
    )


@sensitive_variables()
def _log_in_signed(
    check: SessionCheck, secret: str, client: KsefClient, log: StepLog, observation: Observation
) -> str | None:
    """The access token of the check's signed login, or None (``observation`` says why).

    The signed request goes to KSeF once: erased as it is sent, then the check holds the
    authentication token KSeF answered with, if any. While KSeF checks the certificate (status 100)
    the authentication token waits for the next attempt; after redeem the refresh token does."""
    try:
        if check.credential == Credential.REFRESH_TOKEN:
            with log.step(StepName.REFRESH) as found:
                access_token = client.refresh_access_token(secret)
                found["http_status"] = 200
            return access_token
        if check.credential == Credential.SIGNED_REQUEST:
            # Erased before it goes: sent once, even when this worker dies waiting for KSeF.
            hold(check, Credential.SIGNED_REQUEST)
            observation.credential_spent = True
            with log.step(StepName.SIGNATURE) as found:
                init = client.authenticate_xades(tokenvault.bytes_of(secret))
                found.update(http_status=202, detail=init.reference_number)
            observation.credential_spent = False
            hold(check, Credential.AUTHENTICATION, init.authentication_token, init.reference_number)
        else:
            init = AuthInit(check.auth_reference, secret)
        try:
            authentication = client.complete_authentication(
                init, polling(log), on_step=log.auth_step
            )
        except KsefAuthFailed:
            observation.credential_spent = True
            hold(check, Credential.AUTHENTICATION)
            raise
    except KsefError as exc:
        observation.auth_error = exc
        remember_retry_after(check, exc, log.clock.now())
        observation.portal_block = blocks.remember(
            check.environment, exc, client.client_ip, log.clock.now()
        )
        return None
    hold(check, Credential.REFRESH_TOKEN, authentication.tokens.refresh_token)
    return authentication.tokens.access_token


def end_authentication_session(
    check: SessionCheck, clock: Clock, *, slot_reserved: bool = False
) -> None:
    """A signed check's last call: end the authentication session it opened
    (``DELETE /auth/sessions/current`` with its refresh token), so it leaves nothing in the
    taxpayer's list of sessions (``auth/sesje.md``). Paced like the other calls: without the
    attempt's slot it takes one, and when none is free it says so and leaves the session to
    expire with its refresh token."""
    row = SessionCheck.objects.filter(pk=check.pk).values("credential", "token_ciphertext").first()
    if row is None or row["credential"] != Credential.REFRESH_TOKEN or not row["token_ciphertext"]:
        return
    now = clock.now()
    if not slot_reserved and pacing.reserve_session_call(check.environment, check.nip, now):
        record_step(
            check,
            StepName.AUTH_SESSION_END,
            Outcome.FAIL,
            at=now,
            detail="no slot in KSeF's limits",
        )
        return
    try:
        refresh_token = tokenvault.unseal(row["token_ciphertext"])
    except tokenvault.TokenUnavailable:
        return
    with new_client(check.environment, clock) as client:
        _end_session(client, refresh_token, StepLog(check, clock, client=client))


def _end_session(client: KsefClient, token: str, log: StepLog) -> None:
    """``DELETE /auth/sessions/current`` with an access or refresh token, as one step; its
    failure ends nothing else."""
    try:
        with log.step(StepName.AUTH_SESSION_END) as found:
            client.revoke_current_session(token)
            found["http_status"] = 204
    except KsefError as exc:
        logger.warning("could not end an authentication session: %r", exc)


@sensitive_variables()
def run_attempt(check: SessionCheck, secret: str, clock: Clock) -> Observation:
    """One attempt: every KSeF call it makes, in order, each recorded as a step. ``secret`` is
    what ``check.credential`` says the check holds."""
    observation = Observation(signed=check.is_signed)
    log = StepLog(check, clock)
    now = clock.now()
    observation.portal_block = blocks.current(check.environment, now)
    if observation.portal_block is not None:
        wait = max(1, round((observation.portal_block.until - now).total_seconds()))
        record_step(check, StepName.PORTAL_BLOCK, Outcome.WAIT, at=now, detail=f"{wait} s")
        return observation
    # No authentication for a context that has no free slot (it could not open a session in
    # time), and then only within the portal address's share of authentications.
    free_at = pacing.session_call_free_at(check.environment, check.nip, now)
    if free_at is None:
        free_at = pacing.reserve_authentication(check.environment, now)
    if free_at is not None:
        return _paced(check, observation, free_at, now)
    with new_client(check.environment, clock) as client:
        log.client = client
        return _call_ksef(check, secret, client, clock, log, observation)


@sensitive_variables()
def _call_ksef(
    check: SessionCheck,
    secret: str,
    client: KsefClient,
    clock: Clock,
    log: StepLog,
    observation: Observation,
) -> Observation:
    if check.is_signed:
        access_token = _log_in_signed(check, secret, client, log, observation)
        if access_token is not None:
            _use_access_token(check, client, access_token, log, observation)
        return observation
    token = secret
    try:
        authentication = authenticate(client, check.nip, token, log)
    except KsefError as exc:
        observation.auth_error = exc
        remember_retry_after(check, exc, clock.now())
        observation.portal_block = blocks.remember(
            check.environment, exc, client.client_ip, clock.now()
        )
        if (
            check.try_other_environments
            and isinstance(exc, KsefAuthFailed)
            and exc.code == AuthStatusCode.BAD_TOKEN
            and AuthStatusDetail.INVALID_TOKEN in exc.status.details
        ):
            _try_other_environments(check, token, clock, observation)
        return observation
    access_token = authentication.tokens.access_token
    try:
        _use_access_token(check, client, access_token, log, observation)
        error = observation.session_error
        if isinstance(error, KsefHttpError) and error.reason_code == ReasonCode.MISSING_PERMISSIONS:
            _token_scope(client, access_token, token, log, observation)
    finally:
        # The next attempt authenticates afresh: this authentication's session ends now, also
        # when the context's slot went to another check in the meantime (one call past the
        # slot, rare, against a session left in the taxpayer's list).
        _end_session(client, access_token, log)
    return observation


def _use_access_token(
    check: SessionCheck,
    client: KsefClient,
    access_token: str,
    log: StepLog,
    observation: Observation,
) -> None:
    """What an attempt does once logged in: take the context's slot, close what an earlier
    attempt left open, list the caller's permissions, open a session and close it."""
    observation.authenticated = True
    # The context's slot only now: a check that cannot authenticate (a made-up token, anyone's
    # to try) must not spend the NIP's calls and push back one that can.
    now = log.clock.now()
    free_at = pacing.reserve_session_call(check.environment, check.nip, now)
    if free_at is not None:
        _paced(check, observation, free_at, now)
        return
    _close_sessions_left_open(client, access_token, log)
    try:
        with log.step(StepName.PERMISSIONS) as found:
            grants = client.personal_grants(access_token)
            # The context's owner holds every permission without a grant; KSeF lists those apart.
            observation.grants = [Grant(p, OWNER) for p in grants.owner_permissions] + [
                Grant(g.permission_scope, g.permission_state) for g in grants.grants
            ]
            found.update(http_status=200, permissions=grants_facts(observation.grants))
    except KsefError:
        pass
    _open_and_close_session(client, access_token, log, observation)


def _paced(
    check: SessionCheck, observation: Observation, free_at: datetime, now: datetime
) -> Observation:
    """The attempt ends here, to come back when the pacing has a slot (see pacing.py)."""
    wait = max(1, round((free_at - now).total_seconds()))
    record_step(check, StepName.PACING, Outcome.WAIT, at=now, detail=f"{wait} s")
    observation.paced_until_seconds = wait
    return observation


def _open_and_close_session(
    client: KsefClient, access_token: str, log: StepLog, observation: Observation
) -> None:
    try:
        with log.step(StepName.SESSION_OPEN) as found:
            session = client.open_online_session(access_token)
            observation.session_opened = True
            found.update(http_status=201, detail=session.reference_number)
    except KsefError as exc:
        observation.session_error = exc
        remember_retry_after(log.check, exc, log.clock.now())
        observation.portal_block = blocks.remember(
            log.check.environment, exc, client.client_ip, log.clock.now()
        )
    finally:
        # A session the check opened is always closed, whatever happens next.
        if observation.session_opened:
            try:
                with log.step(StepName.SESSION_CLOSE) as found:
                    client.close_online_session(access_token, session.reference_number)
                    found.update(http_status=204, detail=session.reference_number)
                observation.session_closed = True
            except KsefError as exc:
                observation.close_error = exc
                number = session.reference_number
                logger.warning("could not close KSeF session %s: %r", number, exc)


def _close_sessions_left_open(client: KsefClient, access_token: str, log: StepLog) -> None:
    """Close the sessions an earlier attempt of this check opened and never got to close (its
    worker was killed in between, and the check became due again).

    A session belongs to the NIP's context, so this attempt's authentication may close it. Each
    is tried once: a close step naming the session, whatever its outcome, settles it. (A session
    whose number never reached the database, KSeF answering after our timeout, cannot be found;
    KSeF ends it after 12 hours.)"""
    opened: set[str] = set()
    settled: set[str] = set()
    for name, outcome, detail in log.check.steps.filter(
        environment=log.environment,
        name__in=[StepName.SESSION_OPEN, StepName.SESSION_CLOSE],
    ).values_list("name", "outcome", "detail"):
        if name == StepName.SESSION_CLOSE:
            settled.add(detail)
        elif outcome == Outcome.OK:
            opened.add(detail)
    for reference_number in sorted(opened - settled - {""}):
        try:
            with log.step(StepName.SESSION_CLOSE) as found:
                found["detail"] = reference_number
                client.close_online_session(access_token, reference_number)
                found["http_status"] = 204
        except KsefError as exc:
            logger.warning("could not close KSeF session %s left open: %r", reference_number, exc)


def _token_scope(
    client: KsefClient, access_token: str, token: str, log: StepLog, observation: Observation
) -> None:
    shape = parse_ksef_token(token)
    if shape is None:
        return
    try:
        with log.step(StepName.TOKEN_STATUS) as found:
            status = client.token_status(access_token, shape.reference_number)
            observation.token_permissions = list(status.requested_permissions)
            observation.token_state = status.status
            found.update(
                http_status=200,
                detail=status.status,
                permissions=list(status.requested_permissions),
            )
    except KsefError:
        pass


def _try_other_environments(
    check: SessionCheck, token: str, clock: Clock, observation: Observation
) -> None:
    """Authentication only (no session is opened), with the user's consent."""
    observation.other_environments_tried = True
    for environment, _label in environment_choices():
        if environment == check.environment:
            continue
        with new_client(environment, clock) as client:
            log = StepLog(check, clock, environment, client)
            try:
                with log.step(StepName.OTHER_ENVIRONMENT) as found:
                    found_there = authenticate(client, check.nip, token, log, report_steps=False)
                    found["auth_status"] = 200
            except KsefError:
                continue
            observation.found_in.append(environment)
            _end_session(client, found_there.tokens.access_token, log)


def remember_retry_after(check: SessionCheck, error: KsefError, now: datetime) -> None:
    """KSeF's Retry-After holds for everyone: for the NIP's context, or, on the public
    resources limited per address alone (POST /auth/challenge: ksef-docs limity/limity-api.md,
    "Pozostałe"), for every check of the environment, since all share the portal's address."""
    if not isinstance(error, KsefHttpError) or not error.retry_after_seconds:
        return
    until = now + timedelta(seconds=error.retry_after_seconds)
    per_address = error.status == 429 and error.path in PER_ADDRESS_PATHS
    pacing.honour_retry_after(check.environment, pacing.ALL if per_address else check.nip, until)
