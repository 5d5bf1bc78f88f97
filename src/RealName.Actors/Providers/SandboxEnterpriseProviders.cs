using System.Collections.Concurrent;
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
