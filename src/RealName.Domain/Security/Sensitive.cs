namespace RealName.Domain.Security;

/// <summary>
/// A personal value (name, ID number, phone…) carried through events and messages. The serializer
/// encrypts it with AES-GCM, so the journal never holds it in clear, and <see cref="ToString"/>
/// hides it, so an accidental log line or exception text cannot leak it.
/// </summary>
/// <remarks>
/// A value with a <see cref="Subject"/> is encrypted under that account's key, so destroying the key erases it
/// (then it <see cref="IsErased"/>); a value read from storage stays sealed until <see cref="Value"/> is asked
/// for, so recovery and snapshots touch no key (see docs/adr/0005-personal-data-encryption-and-erasure.md).
/// </remarks>
public readonly struct Sensitive : IEquatable<Sensitive>
{
    private readonly string? _value;
    private readonly bool _erased;

    public Sensitive(string value, string? subject = null)
    {
        _value = value;
        Subject = subject;
    }

    private Sensitive(string? subject, bool erased, ISealedValue? sealedValue)
    {
        Subject = subject;
        _erased = erased;
        Sealed = sealedValue;
    }

    /// <summary>The clear value (opened on first use when sealed); empty when erased.</summary>
    public string Value => _value ?? Sealed?.Open() ?? "";

    /// <summary>The account the value belongs to; null for a value with no owner (an SMS code in flight).</summary>
    public string? Subject { get; }

    /// <summary>The encrypted form this value was read from, if it has not been replaced since.</summary>
    public ISealedValue? Sealed { get; }

    /// <summary>The value's data key was destroyed (or the value was erased explicitly): nothing is left of it.</summary>
    public bool IsErased => _erased || (Sealed is not null && Sealed.Open() is null);

    public static Sensitive Erased(string? subject) => new(subject, erased: true, null);

    public static Sensitive FromSealed(ISealedValue sealedValue) => new(sealedValue.Subject, erased: false, sealedValue);

    /// <summary>The same value, encrypted from now on under <paramref name="subject"/>'s data key.</summary>
    public Sensitive OwnedBy(string subject) => _erased || Subject == subject ? this : new Sensitive(Value, subject);

    public bool Equals(Sensitive other) =>
        Subject == other.Subject && IsErased == other.IsErased && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is Sensitive other && Equals(other);

    /// <summary>From the subject only: hashing must not open a sealed value.</summary>
    public override int GetHashCode() => Subject?.GetHashCode(StringComparison.Ordinal) ?? 0;

    public static bool operator ==(Sensitive left, Sensitive right) => left.Equals(right);

    public static bool operator !=(Sensitive left, Sensitive right) => !left.Equals(right);

    public override string ToString() => _erased ? "(erased)" : "***";
}

/// <summary>An encrypted personal value as stored, opened on demand (see <see cref="Sensitive"/>).</summary>
public interface ISealedValue
{
    string? Subject { get; }

    /// <summary>The stored envelope, written back unchanged.</summary>
    string Envelope { get; }

    /// <summary>The clear value, or null when its data key was destroyed.</summary>
    string? Open();
}
