namespace RealName.Domain.Security;

/// <summary>
/// A personal value (name, ID number, phone…) carried through events and messages. The serializer
/// encrypts it with AES-GCM, so the journal never holds it in clear, and <see cref="ToString"/>
/// hides it, so an accidental log line or exception text cannot leak it.
/// </summary>
/// <remarks>
/// A value with a <see cref="Subject"/> (the account it belongs to) is encrypted under that
/// subject's own data key, so destroying the key erases every copy in the journal at once
/// (crypto-shredding, PIPL erasure). A value read back after its key was destroyed is
/// <see cref="IsErased"/>: it holds nothing.
/// </remarks>
public readonly record struct Sensitive(string Value, string? Subject = null)
{
    /// <summary>The value's data key was destroyed: nothing is left of it.</summary>
    public bool IsErased { get; private init; }

    public static Sensitive Erased(string? subject) => new("", subject) { IsErased = true };

    /// <summary>The same value, encrypted from now on under <paramref name="subject"/>'s data key.</summary>
    public Sensitive OwnedBy(string subject) => IsErased ? this : this with { Subject = subject };

    public override string ToString() => IsErased ? "(erased)" : "***";
}
