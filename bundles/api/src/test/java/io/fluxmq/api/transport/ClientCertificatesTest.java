package io.fluxmq.api.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.transport.ClientCertificates.UsernameSource;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class ClientCertificatesTest {

    @Test
    void theMostSpecificCommonNameIsTheUsername() {
        X500Principal p = new X500Principal("CN=device-42, OU=sensors, O=Example, CN=ignored-issuer-like");
        assertThat(ClientCertificates.username(p, UsernameSource.CN)).isEqualTo("device-42");
    }

    @Test
    void escapedCharactersAreUnescaped() {
        X500Principal p = new X500Principal("CN=Smith\\, John+UID=js, O=Example");
        assertThat(ClientCertificates.username(p, UsernameSource.CN)).isEqualTo("Smith, John");
    }

    @Test
    void withoutACommonNameTheDnIsTheUsername() {
        X500Principal p = new X500Principal("OU=sensors, O=Example");
        assertThat(ClientCertificates.username(p, UsernameSource.CN)).isEqualTo("OU=sensors,O=Example");
    }

    @Test
    void theDnOptionGivesTheWholeSubjectInRfc2253Form() {
        X500Principal p = new X500Principal("CN=device-42, O=Example");
        assertThat(ClientCertificates.username(p, UsernameSource.DN)).isEqualTo("CN=device-42,O=Example");
    }
}
