using System.Security.Cryptography;

namespace RealName.Domain.Sessions;

/// <summary>Typed id of one verification session: <c>vs_</c> and 24 lower-case base32 characters.</summary>
public readonly record struct SessionId(string Value)
{
    private const string Prefix = "vs_";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int RandomLength = 24;

    public static SessionId New() => new(Prefix + RandomNumberGenerator.GetString(Alphabet, RandomLength));

    /// <summary>
    /// A session id derived from an idempotency key, so that a retried create lands on the same
    /// entity (and so on the same node) without any shared lookup table.
    /// </summary>
    public static SessionId FromIdempotencyKey(string scope, string key)
    {
        // SHA-256 of UTF-8 "scope\nkey", on the stack: a keyed create is the hot path.
        var utf8 = System.Text.Encoding.UTF8;
        var most = utf8.GetMaxByteCount(scope.Length + key.Length + 1);
        Span<byte> input = most <= 1024 ? stackalloc byte[most] : new byte[most];
        var length = utf8.GetBytes(scope, input);
        input[length++] = (byte)'\n';
        length += utf8.GetBytes(key, input[length..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input[..length], hash);
        Span<char> chars = stackalloc char[Prefix.Length + RandomLength];
        Prefix.CopyTo(chars);
        for (var i = 0; i < RandomLength; i++)
            chars[Prefix.Length + i] = Alphabet[hash[i] & 31];
        return new SessionId(new string(chars));
    }

    public static bool TryParse(string? input, out SessionId id)
    {
        id = default;
        if (input is null || input.Length != Prefix.Length + RandomLength || !input.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        foreach (var c in input.AsSpan(Prefix.Length))
            if (!Alphabet.Contains(c))
                return false;
        id = new SessionId(input);
        return true;
    }

    /// <summary>The prefix of every session's persistence id in the journal.</summary>
    public const string PersistenceIdPrefix = "session-";

    /// <summary>This session's persistence id: the one spelling of it (actor, sweeper, admin journal reads).</summary>
    public string PersistenceId => PersistenceIdPrefix + Value;

    /// <summary>The session a journal persistence id belongs to; false for other entities' ids.</summary>
    public static bool TryFromPersistenceId(string persistenceId, out SessionId id)
    {
        id = default;
        return persistenceId.StartsWith(PersistenceIdPrefix, StringComparison.Ordinal) && TryParse(persistenceId[PersistenceIdPrefix.Length..], out id);
    }

    public override string ToString() => Value;
}

/// <summary>Typed id of a platform account, as the platform names it.</summary>
public readonly record struct AccountId(string Value)
{
    public const int MaxLength = 64;

    public static bool TryParse(string? input, out AccountId id)
    {
        id = default;
        if (string.IsNullOrEmpty(input) || input.Length > MaxLength)
            return false;
        foreach (var c in input)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
                return false;
        id = new AccountId(input);
        return true;
    }

    public override string ToString() => Value;
}
