namespace RealName.Domain.Security;

/// <summary>
/// A personal value (name, ID number) carried through events and messages. The serializer
/// encrypts it with AES-GCM, so the journal never holds it in clear, and <see cref="ToString"/>
/// hides it, so an accidental log line or exception text cannot leak it.
/// </summary>
public readonly record struct Sensitive(string Value)
{
    public override string ToString() => "***";
}
