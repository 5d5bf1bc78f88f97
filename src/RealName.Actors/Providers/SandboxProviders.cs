using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using RealName.Domain.Identities;
using RealName.Domain.Sessions;

namespace RealName.Actors.Providers;

/// <summary>
/// Sandbox carrier: the last four digits of the mobile number choose the answer —
/// <c>0999</c> mismatch (<c>phone_id_mismatch</c>), <c>0998</c> unavailable, <c>0997</c> risk
/// (escalates to the face step); any other number matches.
/// </summary>
public sealed class SandboxCarrier : ICarrier
{
    public Task<FactorOutcome> CheckAsync(string name, string idNumber, string phone, CancellationToken cancellationToken) =>
        Task.FromResult(phone[^4..] switch
        {
            "0999" => FactorOutcome.Mismatch,
            "0998" => FactorOutcome.Unavailable,
            "0997" => FactorOutcome.Risk,
            _ => FactorOutcome.Passed,
        });
}

/// <summary>
/// Sandbox bank: the three digits before the card's Luhn digit choose the answer —
/// <c>999</c> mismatch (<c>bank_card_mismatch</c>), <c>998</c> unavailable; others match.
/// </summary>
public sealed class SandboxBank : IBankVerifier
{
    public Task<FactorOutcome> CheckAsync(string name, string idNumber, string bankCard, string phone, CancellationToken cancellationToken) =>
        Task.FromResult(bankCard[^4..^1] switch
        {
            "999" => FactorOutcome.Mismatch,
            "998" => FactorOutcome.Unavailable,
            _ => FactorOutcome.Passed,
        });
}

/// <summary>
/// Sandbox group directory. Cloud accounts ending <c>_nolink</c> are linked to nothing,
/// <c>_unverified</c> to an unverified group account, <c>_groupdown</c> find the directory down;
/// every other cloud account <c>X</c> is linked to the verified group account <c>jd_X</c>.
/// Group accounts starting <c>jd_nophone</c> have no phone, <c>jd_unverified</c> are not verified,
/// <c>jd_missing</c> do not exist; any other <c>jd_…</c> account is verified, with phone
/// 13800138000 and an identity derived from its name (the same name always gives the same identity).
/// </summary>
public sealed class SandboxGroupDirectory : IGroupDirectory
{
    public const string Prefix = "jd_";
    public const string Phone = "13800138000";
    public const string Name = "李四";

    public Task<GroupAccountRecord?> LinkedToAsync(string cloudAccountId, CancellationToken cancellationToken)
    {
        if (cloudAccountId.EndsWith("_groupdown", StringComparison.Ordinal))
            throw new ProviderUnavailableException("group directory");
        if (cloudAccountId.EndsWith("_nolink", StringComparison.Ordinal))
            return Task.FromResult<GroupAccountRecord?>(null);
        var account = Prefix + (cloudAccountId.EndsWith("_unverified", StringComparison.Ordinal) ? "unverified_" : "") + cloudAccountId;
        return FindAsync(account, cancellationToken);
    }

    public Task<GroupAccountRecord?> FindAsync(string groupAccount, CancellationToken cancellationToken) =>
        Task.FromResult(groupAccount switch
        {
            _ when !groupAccount.StartsWith(Prefix, StringComparison.Ordinal) || groupAccount.StartsWith("jd_missing", StringComparison.Ordinal) => null,
            _ when groupAccount.StartsWith("jd_unverified", StringComparison.Ordinal) => new GroupAccountRecord(groupAccount, false, null, null, Phone),
            _ when groupAccount.StartsWith("jd_nophone", StringComparison.Ordinal) => new GroupAccountRecord(groupAccount, true, Name, IdNumberOf(groupAccount), null),
            _ => new GroupAccountRecord(groupAccount, true, Name, IdNumberOf(groupAccount), Phone),
        });

    /// <summary>A valid ID number derived from the group account name (birth 1980–2007, sequence 100–899).</summary>
    public static string IdNumberOf(string groupAccount)
    {
        var h = SHA256.HashData(Encoding.UTF8.GetBytes(groupAccount));
        var birth = new DateOnly(1980, 1, 1).AddDays(BitConverter.ToUInt16(h, 0) % 10_000);
        var body = $"110105{birth:yyyyMMdd}{100 + BitConverter.ToUInt16(h, 2) % 800:D3}";
        return body + IdNumber.ComputeCheckCharacter(body);
    }
}

/// <summary>
/// Sandbox SMS gateway: sends nothing, keeps the last messages in an outbox that only the admin
/// port shows (tests and operators read codes there; the public API never does).
/// </summary>
public sealed class SandboxSmsGateway(TimeProvider clock) : ISmsGateway
{
    private const int Capacity = 1000;
    private readonly ConcurrentQueue<OutboxMessage> _outbox = new();

    public sealed record OutboxMessage(string Phone, string Text, DateTimeOffset At);

    public Task SendAsync(string phone, string text, CancellationToken cancellationToken)
    {
        _outbox.Enqueue(new OutboxMessage(phone, text, clock.GetUtcNow()));
        while (_outbox.Count > Capacity && _outbox.TryDequeue(out _))
        {
        }
        return Task.CompletedTask;
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<OutboxMessage> Outbox() => _outbox.Reverse().ToList();
}
