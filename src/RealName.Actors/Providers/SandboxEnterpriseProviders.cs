using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using RealName.Domain.Identities;
using RealName.Domain.Sessions;

namespace RealName.Actors.Providers;

/// <summary>
/// Sandbox business registry: an enterprise name containing <c>不符</c> is not confirmed
/// (<c>enterprise_mismatch</c>), one containing <c>故障</c> finds the registry down (503); a
/// legal person whose ID number has sequence digits <c>999</c> does not match either.
/// </summary>
public sealed class SandboxBusinessRegistry : IBusinessRegistry
{
    public Task<bool> ConfirmsAsync(SubjectType subjectType, string enterpriseName, string creditCode, string? legalPersonName, string? legalPersonIdNumber, CancellationToken cancellationToken)
    {
        if (enterpriseName.Contains("故障", StringComparison.Ordinal))
            throw new ProviderUnavailableException("business registry");
        var legalPersonMismatch = legalPersonIdNumber is { Length: 18 } id && id.Substring(14, 3) == "999";
        return Task.FromResult(!enterpriseName.Contains("不符", StringComparison.Ordinal) && !legalPersonMismatch);
    }
}

/// <summary>
/// Sandbox corporate payment: sends nothing, keeps the payments in an outbox that only the admin
/// port shows (the amount is what the user would read on the account statement). An account
/// number ending <c>998</c> finds the bank down (503).
/// </summary>
public sealed class SandboxCorporatePayment(TimeProvider clock) : ICorporatePayment
{
    private const int Capacity = 1000;
    private readonly ConcurrentQueue<Payment> _outbox = new();

    public sealed record Payment(string BankName, string AccountNumber, int AmountFen, string Remark, DateTimeOffset At);

    public Task SendAsync(string bankName, string accountNumber, int amountFen, string remark, CancellationToken cancellationToken)
    {
        if (accountNumber.EndsWith("998", StringComparison.Ordinal))
            throw new ProviderUnavailableException("corporate payment");
        _outbox.Enqueue(new Payment(bankName, accountNumber, amountFen, remark, clock.GetUtcNow()));
        while (_outbox.Count > Capacity && _outbox.TryDequeue(out _))
        {
        }
        return Task.CompletedTask;
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<Payment> Outbox() => _outbox.Reverse().ToList();
}

/// <summary>
/// Sandbox enterprise directory. Cloud accounts ending <c>_nolink</c> are linked to no enterprise,
/// <c>_entunverified</c> to one that is not verified at the group, <c>_entmismatch</c> to one the
/// business registry does not confirm (its name contains <c>不符</c>), <c>_groupdown</c> find the
/// directory down; every other account is linked to the verified enterprise <see cref="Name"/>
/// with a credit code derived from the account (the same account always gives the same code).
/// </summary>
public sealed class SandboxEnterpriseDirectory : IEnterpriseDirectory
{
    public const string Name = "北京集团同步科技有限公司";
    public const string MismatchName = "北京信息不符科技有限公司";

    public Task<LinkedEnterpriseRecord?> LinkedToAsync(string cloudAccountId, CancellationToken cancellationToken)
    {
        if (cloudAccountId.EndsWith("_groupdown", StringComparison.Ordinal))
            throw new ProviderUnavailableException("enterprise directory");
        if (cloudAccountId.EndsWith("_nolink", StringComparison.Ordinal))
            return Task.FromResult<LinkedEnterpriseRecord?>(null);
        var name = cloudAccountId.EndsWith("_entmismatch", StringComparison.Ordinal) ? MismatchName : Name;
        var verified = !cloudAccountId.EndsWith("_entunverified", StringComparison.Ordinal);
        return Task.FromResult<LinkedEnterpriseRecord?>(new LinkedEnterpriseRecord(SubjectType.Enterprise, name, CreditCodeOf(cloudAccountId), verified));
    }

    /// <summary>A valid credit code derived from the cloud account name.</summary>
    public static string CreditCodeOf(string cloudAccountId)
    {
        var h = SHA256.HashData(Encoding.UTF8.GetBytes(cloudAccountId));
        var body = "91110105" + string.Concat(h.Take(9).Select(b => CreditCode.Alphabet[b % CreditCode.Alphabet.Length]));
        return body + CreditCode.ComputeCheckCharacter(body);
    }
}
