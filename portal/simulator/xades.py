"""How the simulator decides a login with a signed AuthTokenRequest, as KSeF does: the 400
answers at once, then through the status the certificate, a signed scenario's scripted outcome
(signed_scenarios.SIGNED_OUTCOMES) and the signer's permissions. The codes and their sources are
in docs/signed-login.md, sections 4 and 6.

Only what signxml's XAdES verifier returns as signed is read, so content outside the signature
cannot change the challenge, the NIP or the subject.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime, timedelta

from cryptography import x509
from django.conf import settings
from lxml import etree
from signxml.exceptions import InvalidInput, SignXMLException
from signxml.xades import XAdESSignatureConfiguration, XAdESVerifier

from portal.ksef.auth_request import (
    AUTH_TOKEN_NAMESPACE_V2_0,
    AUTH_TOKEN_NAMESPACES,
    XMLDSIG_NAMESPACE,
    schema_errors,
)
from portal.ksef.protocol import (
    AUTHENTICATION_TOKEN_LIFETIME_SECONDS,
    CHALLENGE_VALIDITY_SECONDS,
    AuthStatusCode,
    AuthStatusDetail,
    Environment,
    ExceptionCode,
    is_valid_nip,
)
from portal.ksef.signed_request import NotXml, SignedRequestRefused, parse_safely
from portal.ksef.signer import SignerIdentity, identify_signer
from portal.simulator import demo_certificates, permissions
from portal.simulator.identifiers import bearer_token, reference_number
from portal.simulator.models import AuthOperation, Challenge, digest
from portal.simulator.responses import BadRequest
from portal.simulator.signed_scenarios import SIGNED_OUTCOMES

_DS = f"{{{XMLDSIG_NAMESPACE}}}"
# KSeF's own AuthenticationMethod names; the seal is the one in the OpenAPI's example.
METHOD_SIGNATURE = "QualifiedSignature"
METHOD_SEAL = "QualifiedSeal"


def _signature_element(root: etree._Element) -> etree._Element:
    if etree.QName(root).localname == "Signature" and etree.QName(root).namespace == (
        XMLDSIG_NAMESPACE
    ):
        return root
    if etree.QName(root).namespace not in AUTH_TOKEN_NAMESPACES:
        raise BadRequest(ExceptionCode.SCHEMA_VIOLATION, "Element główny to nie AuthTokenRequest.")
    signatures = root.findall(f"{_DS}Signature")
    if not signatures:
        raise BadRequest(ExceptionCode.NO_SIGNATURE)
    if len(signatures) > 1:
        raise BadRequest(ExceptionCode.TOO_MANY_SIGNATURES)
    return signatures[0]


def _certificate(signature: etree._Element) -> x509.Certificate:
    text = signature.findtext(f"{_DS}KeyInfo/{_DS}X509Data/{_DS}X509Certificate") or ""
    try:
        return x509.load_der_x509_certificate(
            base64.b64decode("".join(text.split()), validate=True)
        )
    except (binascii.Error, ValueError):
        raise BadRequest(ExceptionCode.INVALID_CERTIFICATE) from None


def _signed_request(root: etree._Element, certificate: x509.Certificate) -> etree._Element:
    """The AuthTokenRequest exactly as signed, or 9105. The certificate's validity period is
    judged later (460), so the signature is checked as of a moment inside it."""
    config = XAdESSignatureConfiguration(
        expect_references=True,
        verification_time=certificate.not_valid_before_utc + timedelta(seconds=1),
    )
    try:
        results = XAdESVerifier().verify(root, x509_cert=certificate, expect_config=config)
    except (SignXMLException, InvalidInput, ValueError):
        raise BadRequest(
            ExceptionCode.INVALID_SIGNATURE, "Podpis zweryfikowany negatywnie."
        ) from None
    for result in results:
        signed = result.signed_xml
        if signed is not None and _is_request(signed):
            return signed
    raise BadRequest(
        ExceptionCode.INVALID_SIGNATURE, "Podpis nie obejmuje dokumentu AuthTokenRequest."
    )


def _is_request(element: etree._Element) -> bool:
    qname = etree.QName(element)
    return qname.localname == "AuthTokenRequest" and qname.namespace in AUTH_TOKEN_NAMESPACES


def _field(request: etree._Element, *path: str) -> str:
    namespace = etree.QName(request).namespace
    return (request.findtext("/".join(f"{{{namespace}}}{name}" for name in path)) or "").strip()


def _check_schema(request: etree._Element) -> None:
    """The 2.0 schema has no place for the signature: it is checked on the request without it.
    A 2.1 document is taken as it is (the simulator does not hold that schema)."""
    if etree.QName(request).namespace != AUTH_TOKEN_NAMESPACE_V2_0:
        return
    copy = etree.fromstring(etree.tostring(request))
    for signature in copy.findall(f"{_DS}Signature"):
        copy.remove(signature)
    errors = schema_errors(etree.tostring(copy))
    if errors:
        raise BadRequest(ExceptionCode.SCHEMA_VIOLATION, *errors[:3])


def _use_challenge(environment: str, text: str, now: datetime) -> Challenge:
    challenge = Challenge.objects.filter(environment=environment, challenge=text).first()
    expired = challenge is not None and now > challenge.created_at + timedelta(
        seconds=CHALLENGE_VALIDITY_SECONDS
    )
    if challenge is None or challenge.used or expired:
        raise BadRequest(ExceptionCode.INVALID_CHALLENGE)
    challenge.used = True
    challenge.save(update_fields=["used"])
    return challenge


def _outcome(
    environment: str,
    certificate: x509.Certificate,
    signer: SignerIdentity,
    context_nip: str,
    check_chain: bool,
    now: datetime,
) -> tuple[AuthStatusCode, list[str], list[str]]:
    """(status code, details, permissions) the status will show once the checks are done."""
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        return AuthStatusCode.CERTIFICATE_ERROR, [AuthStatusDetail.CERTIFICATE_INVALID], []
    if check_chain and not demo_certificates.trusted(certificate):
        return AuthStatusCode.CERTIFICATE_ERROR, [AuthStatusDetail.CERTIFICATE_CHAIN_UNTRUSTED], []
    scripted = SIGNED_OUTCOMES.get((environment, context_nip))
    if scripted is not None:
        return scripted[0], list(scripted[1]), []
    permissions.start_waiting_grants(environment, context_nip, signer.value, now)
    held = permissions.held_permissions(environment, context_nip, signer.value, now)
    if not held:
        return AuthStatusCode.NO_PERMISSIONS, [AuthStatusDetail.NO_PERMISSIONS], []
    return AuthStatusCode.SUCCESS, [], sorted(held)


def submit_xades_signature(
    environment: str, body: bytes, verify_chain: bool, now: datetime
) -> tuple[AuthOperation, str]:
    """``POST /auth/xades-signature``: the operation and its (plain) authentication token."""
    try:
        root = parse_safely(body)
    except NotXml:
        raise BadRequest(
            ExceptionCode.UNREADABLE_BODY, "Treść żądania nie jest poprawnym XML."
        ) from None
    except SignedRequestRefused:
        raise BadRequest(ExceptionCode.INVALID_DOCUMENT) from None
    signature = _signature_element(root)
    certificate = _certificate(signature)
    request = _signed_request(root, certificate)
    _check_schema(request)
    _use_challenge(environment, _field(request, "Challenge"), now)
    context_nip = _field(request, "ContextIdentifier", "Nip")
    if not is_valid_nip(context_nip):
        raise BadRequest(ExceptionCode.INVALID_CONTEXT_IDENTIFIER)
    signer = identify_signer(certificate, _field(request, "SubjectIdentifierType"))
    if signer is None:
        raise BadRequest(
            ExceptionCode.INVALID_CERTIFICATE, "Certyfikat nie zawiera identyfikatora podmiotu."
        )
    # DEMO and PROD always ask the issuer (OCSP/CRL), which keeps the status at 100 a while.
    check_chain = verify_chain or environment != Environment.TEST
    code, details, held = _outcome(environment, certificate, signer, context_nip, check_chain, now)
    wait = settings.KSEF_SIMULATOR_AUTH_SECONDS
    if check_chain:
        wait += settings.KSEF_SIMULATOR_CERTIFICATE_CHECK_SECONDS
    authentication_token = bearer_token()
    seal = not certificate.subject.get_attributes_for_oid(x509.NameOID.SERIAL_NUMBER)
    operation = AuthOperation.objects.create(
        environment=environment,
        reference_number=reference_number("AU", now),
        authentication_token_digest=digest(authentication_token),
        context_nip=context_nip,
        start_date=now,
        completes_at=now + timedelta(seconds=wait),
        valid_until=now + timedelta(seconds=AUTHENTICATION_TOKEN_LIFETIME_SECONDS),
        status_code=int(code),
        status_details=details,
        permissions=held,
        subject_type=signer.type.value,
        subject_value=signer.value,
        method=METHOD_SEAL if seal else METHOD_SIGNATURE,
    )
    return operation, authentication_token
