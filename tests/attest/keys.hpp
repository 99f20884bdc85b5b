// SPDX-License-Identifier: Apache-2.0
#pragma once

// Test keys, made once with
//   openssl ecparam -name prime256v1 -genkey -noout -out key.pem
//   openssl ec -in key.pem -pubout -out pub.pem
// (and secp384r1 for a key of the wrong curve). Test data only: they sign nothing real.

namespace fipsrock::attest::test {

inline constexpr const char* k_private_pem = R"(-----BEGIN EC PRIVATE KEY-----
MHcCAQEEICdvC8p/23KsnKZGrilnnmlsnePM9rrOey/7zcIkH3RFoAoGCCqGSM49
AwEHoUQDQgAElF4sUDuqXmU2dQl/IoYEzRe10NsvqcmsAuSlC1D2+I38BmVDnLuc
smn0/ePO/5aycJ2PCtCCdfaKUInmbhvW6Q==
-----END EC PRIVATE KEY-----
)";

inline constexpr const char* k_public_pem = R"(-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAElF4sUDuqXmU2dQl/IoYEzRe10Nsv
qcmsAuSlC1D2+I38BmVDnLucsmn0/ePO/5aycJ2PCtCCdfaKUInmbhvW6Q==
-----END PUBLIC KEY-----
)";

// `openssl ec -in key.pem -pubout -outform DER | sha256sum`
inline constexpr const char* k_keyid =
    "92dca4c9b7af29dbbb6729b2c529d932979f9f608a8327767d3947c97118ad83";

// `printf 'DSSEv1 28 application/vnd.in-toto+json 2 {}' | openssl dgst -sha256 -sign key.pem |
// base64`: a signature OpenSSL's command line made, of the PAE of the payload "{}".
inline constexpr const char* k_openssl_signature_of_empty_object =
    "MEUCIQC6FRrl+dDinLa41MS3CFIyaTmmBA13W373xvoii2CmrAIgbO1ObzIEXIhkV7Ql8cecjNSmiTamN4Cytxl+"
    "v74NncE=";

inline constexpr const char* k_other_public_pem = R"(-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEvyqD2r+AxOnp2/+IMpMjSPbS/QeZ
TXucJqolPYeldMyIcsos/yUu7qnQyhPYfLek8TU7JoMTQbhFtDL6z7XG0A==
-----END PUBLIC KEY-----
)";

inline constexpr const char* k_p384_private_pem = R"(-----BEGIN EC PRIVATE KEY-----
MIGkAgEBBDCXzzgY6sBlal5jjJ9NAd3d2NFZq/SxMTMMzvegJyfW4VoJTud+emXL
wTEVEQuBPRKgBwYFK4EEACKhZANiAARpjJg4a41Do914kIPa+YxCUHnnc5uj2OFY
LvgQaajq18hZ5vfzPkco2X9jXwfk/dOnU/w/qZ2Vvw32vsRCQpz8E+JC+rzDu5tu
NG06i+dUxEHY3EVtZyQidBGwOFphsaE=
-----END EC PRIVATE KEY-----
)";

} // namespace fipsrock::attest::test
