package org.beamlinestudio.core.exec.slurm;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets resolved in this session, kept in memory only (never written), and the prompt the app
 * installs to ask for {@code prompt}-kind secrets.
 */
public final class SessionSecrets {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();
    private static volatile SecretSource.Prompt prompt;

    private SessionSecrets() {
    }

    /** Installs the prompt the app shows (e.g. a password dialog); null for none (headless). */
    public static void setPrompt(SecretSource.Prompt p) {
        prompt = p;
    }

    /** Remembers a secret the user typed for this session (e.g. from the profiles dialog). */
    public static void put(String key, String secret) {
        CACHE.put(key, secret);
    }

    /** Forgets a secret (e.g. after the cluster rejected it), so the next use resolves it again. */
    public static void forget(String key) {
        CACHE.remove(key);
    }

    /** The secret for key, resolved from source once per session. */
    public static String get(String key, String what, SecretSource source) throws SlurmException {
        String v = CACHE.get(key);
        if (v != null) {
            return v;
        }
        if (source == null) {
            throw new SlurmException(what + ": the profile names no source for it");
        }
        v = source.resolve(what, prompt);
        CACHE.put(key, v);
        return v;
    }

    /** Key of a profile's token (its source is part of it: an edited profile resolves afresh). */
    public static String tokenKey(ClusterProfile p) {
        return p.name() + "/token/" + p.token();
    }

    /** Key of a profile's SSH key passphrase. */
    public static String passphraseKey(ClusterProfile p) {
        return p.name() + "/passphrase/" + p.identityFile() + "/" + p.keyPassphrase();
    }
}
