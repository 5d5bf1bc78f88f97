using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor.Setup;
using RealName.Persistence.Keys;

namespace RealName.Actors.Security;

/// <summary>
/// Per-subject (per-account) data keys, so destroying one key erases every copy of the account's values in
/// the journal and snapshots at once (crypto-shredding; see docs/adr/0005-personal-data-encryption-and-erasure.md).
/// Wrapped under the master key in the <see cref="SubjectKeyStore"/>, created on first use, cached per node;
/// an ActorSystem <see cref="Setup"/> so the serializer reaches it.
/// </summary>
/// <remarks>
/// <see cref="Destroy"/> empties this node's caches; the caller broadcasts the erasure so the other nodes
/// empty theirs (<see cref="Forget"/>).
/// </remarks>
public sealed class SubjectKeys : Setup
{
    private readonly SubjectKeyStore _store;
    private readonly PiiCipher _master;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, Lazy<Task<(string KeyId, PiiCipher Cipher)>>> _current = new();
    private readonly ConcurrentDictionary<string, (string Subject, PiiCipher? Cipher)> _byId = new();

    public SubjectKeys(SubjectKeyStore store, PiiCipher master, TimeProvider clock)
    {
        _store = store;
        _master = master;
        _clock = clock;
    }

    /// <summary>The key to encrypt <paramref name="subject"/>'s values with now: its live key, created if it has none.</summary>
    /// <remarks>For the synchronous serializer, which meets a new subject only when nothing made its key first.</remarks>
    public (string KeyId, PiiCipher Cipher) Current(string subject) => CurrentAsync(subject).GetAwaiter().GetResult();

    /// <summary>
    /// <see cref="Current"/> without holding a thread while a new key is committed: the session's check
    /// makes the account's key here, before the serializer needs it.
    /// </summary>
    public async Task<(string KeyId, PiiCipher Cipher)> CurrentAsync(string subject)
    {
        var entry = _current.GetOrAdd(subject, s => new Lazy<Task<(string, PiiCipher)>>(() => LoadOrCreateAsync(s)));
        try
        {
            return await entry.Value;
        }
        catch
        {
            // A store that failed once (a connection dropped) must not fail this subject until restart.
            _current.TryRemove(KeyValuePair.Create(subject, entry));
            throw;
        }
    }

    /// <summary>The key <paramref name="keyId"/> and its subject; the cipher is null when the key was destroyed.</summary>
    public (string Subject, PiiCipher? Cipher) Find(string keyId)
    {
        if (_byId.TryGetValue(keyId, out var cached))
            return cached;
        var stored = _store.Find(keyId) ?? throw new CryptographicException("A personal value names a data key that does not exist.");
        return _byId.GetOrAdd(keyId, (stored.Subject, stored.Wrapped is null ? null : Unwrap(stored)));
    }

    /// <summary>
    /// Destroys every key of <paramref name="subject"/> in the store and on this node: every value
    /// encrypted under them is unreadable from now on. Returns how many keys were destroyed.
    /// </summary>
    public int Destroy(string subject, DateTimeOffset at)
    {
        var destroyed = _store.Destroy(subject, at);
        Forget(subject);
        return destroyed;
    }

    /// <summary>Drops <paramref name="subject"/>'s keys from this node's caches (an erasure done here or on another node).</summary>
    public void Forget(string subject)
    {
        _current.TryRemove(subject, out _);
        foreach (var (keyId, entry) in _byId)
            if (entry.Subject == subject)
                _byId[keyId] = (subject, null);
    }

    private async Task<(string KeyId, PiiCipher Cipher)> LoadOrCreateAsync(string subject)
    {
        var stored = _store.FindLive(subject);
        if (stored is not null)
            return Remember(stored.KeyId, subject, Unwrap(stored));
        var key = RandomNumberGenerator.GetBytes(32);
        var keyId = "k" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await _store.InsertAsync(new StoredSubjectKey(keyId, subject, _master.Seal(key, Binding(keyId, subject)), _clock.GetUtcNow(), null));
        return Remember(keyId, subject, new PiiCipher(key));
    }

    private (string KeyId, PiiCipher Cipher) Remember(string keyId, string subject, PiiCipher cipher)
    {
        _byId[keyId] = (subject, cipher);
        return (keyId, cipher);
    }

    private PiiCipher Unwrap(StoredSubjectKey stored) => new(_master.Open(stored.Wrapped, Binding(stored.KeyId, stored.Subject)));

    /// <summary>A wrapped key opens only under its own id and subject: a row cannot be moved to another subject.</summary>
    private static byte[] Binding(string keyId, string subject) => Encoding.UTF8.GetBytes(keyId + "\n" + subject);
}
