using Microsoft.AspNetCore.Http.HttpResults;
using RealName.Actors.Providers;
using RealName.Contracts.Providers;
using RealName.Domain.Identities;
using RealName.Host.Http;

namespace RealName.Host.Providers;

/// <summary>
/// The sandbox SMS gateway's and corporate payment's outboxes, on the admin port only (sandbox codes are readable there,
/// never on the public API). With a real gateway configured there is no outbox: 404.
/// </summary>
public static class SmsOutboxAdmin
{
    public static RouteGroupBuilder MapSmsAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/sms/outbox", Results<Ok<SmsOutboxDto>, ProblemHttpResult> (ISmsGateway gateway) => gateway is SandboxSmsGateway sandbox
            ? TypedResults.Ok(new SmsOutboxDto(sandbox.Outbox().Select(m => new SmsOutboxMessageDto(Masking.MaskPhone(m.Phone), m.Text, m.At)).ToList()))
            : Problems.For(Problems.NotFound, "The SMS outbox exists only with the sandbox gateway."));
        admin.MapGet("/payments/outbox", Results<Ok<PaymentOutboxDto>, ProblemHttpResult> (ICorporatePayment payment) => payment is SandboxCorporatePayment sandbox
            ? TypedResults.Ok(new PaymentOutboxDto(sandbox.Outbox().Select(p => new PaymentOutboxMessageDto(p.BankName, Masking.MaskBankCard(p.AccountNumber),
                (p.AmountFen / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), p.Remark, p.At)).ToList()))
            : Problems.For(Problems.NotFound, "The payment outbox exists only with the sandbox payment provider."));
        return admin;
    }
}
