namespace RealName.Domain.Security;

public static class SensitiveExtensions
{
    public static Sensitive? OwnedBy(this Sensitive? value, string subject) => value?.OwnedBy(subject);

    /// <summary>The clear value for masking, or null when there is none (absent or erased).</summary>
    public static string? Readable(this Sensitive? value) => value is { IsErased: false } v ? v.Value : null;

    /// <summary>The clear value for masking, or null when it was erased.</summary>
    public static string? Readable(this Sensitive value) => value.IsErased ? null : value.Value;

    /// <summary>What is left of a value after its subject's erasure: nothing, but still a value where one is required.</summary>
    public static Sensitive Erase(this Sensitive value) => Sensitive.Erased(value.Subject);

    public static Sensitive? Erase(this Sensitive? value) => value?.Erase();
}
