using RealName.Actors.Providers;

namespace RealName.Actors.Tests.Infrastructure;

public static class TestProviders
{
    /// <summary>The embedded sandbox providers, as the host wires them by default.</summary>
    public static SessionProviders Sandbox(TimeProvider clock, SandboxSmsGateway? sms = null) => new(
        new SandboxIdentityAuthority(), new SandboxCarrier(), new SandboxBank(), new SandboxGroupDirectory(), sms ?? new SandboxSmsGateway(clock),
        new SandboxBusinessRegistry(), new SandboxCorporatePayment(clock), new SandboxFaceVerifier(clock), new SandboxEnterpriseDirectory());
}
