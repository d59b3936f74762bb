package io.fluxmq.mqtt.broker;

/**
 * Every MQTT broker setting's default and range, stated once: the component's metatype
 * ({@code MqttBrokerComponent.Config}: {@code default} and {@code min}/{@code max}, the latter as
 * {@code "" + constant}), {@link BrokerSettings.Builder}'s starting values and the checks of
 * {@link BrokerSettings} all use these. Enum defaults cannot be named through a constant in an
 * annotation; {@code MqttBrokerComponentTest} checks that the metatype's defaults build
 * {@link BrokerSettings#DEFAULTS}.
 */
public final class SettingDefaults {
    public static final int MAX_PACKET_SIZE = 1 << 20;
    public static final int MAX_PACKET_SIZE_MIN = 64;
    /** The largest packet MQTT can express: a 4-byte Remaining Length plus the fixed header. */
    public static final int MAX_PACKET_SIZE_MAX = 268_435_460;
    public static final int RECEIVE_MAXIMUM = 1024;
    public static final int RECEIVE_MAXIMUM_MIN = 1;
    public static final int SIXTEEN_BIT_MAX = 65_535;
    public static final int MAX_QOS = 2;
    public static final boolean RETAIN_AVAILABLE = true;
    public static final int TOPIC_ALIAS_MAXIMUM = 64;
    public static final int SERVER_KEEP_ALIVE = 0;
    public static final int MAX_KEEPALIVE = 0;
    public static final long MAX_SESSION_EXPIRY = 7L * 24 * 3600;
    /** MQTT 5's largest Session Expiry Interval, which means "never expires". */
    public static final long MAX_SESSION_EXPIRY_MAX = 0xFFFF_FFFFL;
    public static final int MAX_OFFLINE_MESSAGES = 10_000;
    public static final long MAX_OFFLINE_BYTES = 64L << 20;
    public static final boolean ALLOW_ANONYMOUS = true;
    public static final long CONNECT_TIMEOUT_MILLIS = 10_000;
    public static final int MAX_TOPIC_LENGTH = 65_535;
    public static final int MAX_TOPIC_LEVELS = 128;
    public static final int MAX_SUBSCRIPTIONS = 1000;
    public static final int MAX_INFLIGHT = 1024;
    public static final int WRITE_BUFFER_HIGH_WATER_MARK = 128 * 1024;
    public static final int WRITE_BUFFER_HIGH_WATER_MARK_MIN = 2;
    public static final boolean TLS_CERTIFICATE_AS_USERNAME = false;
    public static final String RESPONSE_INFORMATION_PREFIX = "$response/";
    public static final boolean VALIDATE_PAYLOAD_FORMAT = true;
    public static final int SYS_INTERVAL_SECONDS = 10;

    private SettingDefaults() {
    }
}
