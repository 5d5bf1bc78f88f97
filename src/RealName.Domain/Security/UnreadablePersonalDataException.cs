namespace RealName.Domain.Security;

/// <summary>
/// A stored personal value that this node cannot decrypt: its data key is missing or wrapped under
/// another master key (written by a node with other keys), or the envelope was tampered with.
/// Unlike an erased value it is not "gone" — it is unreadable here; callers answer
/// <c>503 personal_data_unreadable</c> instead of failing. Carries the subject only, never a value.
/// </summary>
public sealed class UnreadablePersonalDataException(string? subject, Exception? inner = null)
    : Exception($"A personal value of {subject ?? "(no subject)"} cannot be decrypted with this node's keys.", inner)
{
    public string? Subject { get; } = subject;
}
