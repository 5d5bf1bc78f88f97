// The in-process node and its helpers (RealNameNode, ApiResponse, TestData…) moved to RealName.Testing,
// a global using of this project; specs that still import their former namespace keep compiling.
namespace RealName.Host.Tests.Infrastructure;
