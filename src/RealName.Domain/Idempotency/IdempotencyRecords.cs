namespace RealName.Domain.Idempotency;

/// <summary>What a request with an <c>Idempotency-Key</c> finds when it starts.</summary>
public enum IdempotencyOutcome
{
    /// <summary>The key is new (or its record expired, or its first request died unanswered): run the request.</summary>
    Fresh,

    /// <summary>The same request already has an answer: send that answer again.</summary>
    Replay,

    /// <summary>The key was used with another request (409 <c>idempotency_conflict</c>).</summary>
    Conflict,

    /// <summary>The first request with this key is still running (409 <c>idempotency_in_progress</c>, retry shortly).</summary>
    InProgress,
}

/// <summary>
/// The first answer to a keyed request, kept to be sent again: status, the headers that matter, the body.
/// A day of answers stays in memory, so <c>Location</c> and the body share one array of UTF-8
/// (<see cref="StoredAnswerText"/>), the body Brotli-compressed when that is smaller.
/// </summary>
public sealed class StoredAnswer : IEquatable<StoredAnswer>
{
    private readonly byte[] _text;

    public StoredAnswer(int status, string? contentType, string? location, string? retryAfter, string body)
    {
        Status = status;
        ContentType = contentType;
        RetryAfter = retryAfter;
        _text = StoredAnswerText.Pack(location, body);
    }

    public int Status { get; }

    public string? ContentType { get; }

    public string? RetryAfter { get; }

    public string? Location => StoredAnswerText.Location(_text);

    /// <summary>The body as it was written (the same text: bodies are the UTF-8 the node wrote).</summary>
    public string Body => StoredAnswerText.Body(_text);

    /// <summary>The bytes this answer keeps for its <c>Location</c> and body (what memory a record costs).</summary>
    public int TextBytes => _text.Length;

    public bool Equals(StoredAnswer? other) =>
        other is not null && Status == other.Status && ContentType == other.ContentType && RetryAfter == other.RetryAfter
        && _text.AsSpan().SequenceEqual(other._text);

    public override bool Equals(object? obj) => Equals(obj as StoredAnswer);

    public override int GetHashCode() => HashCode.Combine(Status, ContentType, RetryAfter, _text.Length);
}

/// <summary>One key's record: the request it stands for (its hash's <see cref="RequestFingerprints"/>), and its answer once there is one.</summary>
public sealed record IdempotencyRecord(UInt128 RequestFingerprint, StoredAnswer? Answer, DateTimeOffset ExpiresAt);

/// <summary>The answer to a start: the outcome, the next record, and the stored answer on a replay.</summary>
public readonly record struct IdempotencyStart(IdempotencyOutcome Outcome, IdempotencyRecord? Record)
{
    public StoredAnswer? Answer => Outcome == IdempotencyOutcome.Replay ? Record?.Answer : null;
}

/// <summary>
/// The rules of <c>Idempotency-Key</c>, pure (times come in): the same key and the same request
/// give the first answer again for <c>retention</c>; the same key with another request is a
/// conflict; a request still running blocks its twin until <c>runningFor</c> has passed, after which
/// the first is presumed dead (its node crashed) and the twin runs instead. Answers of 5xx are not
/// kept: the request failed before deciding anything and may run again.
/// </summary>
public static class IdempotencyRecords
{
    public static IdempotencyStart Start(IdempotencyRecord? record, string requestHash, DateTimeOffset now, TimeSpan runningFor)
    {
        var fingerprint = RequestFingerprints.Of(requestHash);
        if (record is null || now >= record.ExpiresAt)
            return new(IdempotencyOutcome.Fresh, new IdempotencyRecord(fingerprint, null, now + runningFor));
        if (record.RequestFingerprint != fingerprint)
            return new(IdempotencyOutcome.Conflict, record);
        if (record.Answer is not null)
            return new(IdempotencyOutcome.Replay, record);
        return new(IdempotencyOutcome.InProgress, record);
    }

    /// <summary>The request's answer arrived: kept for <paramref name="retention"/> unless it is a server error (then forgotten).</summary>
    public static IdempotencyRecord? Complete(IdempotencyRecord? record, string requestHash, StoredAnswer answer, DateTimeOffset now, TimeSpan retention)
    {
        if (record is null || record.RequestFingerprint != RequestFingerprints.Of(requestHash) || record.Answer is not null)
            return record; // a late answer of a request whose record was taken over or already answered changes nothing
        return answer.Status >= 500 ? null : record with { Answer = answer, ExpiresAt = now + retention };
    }
}
