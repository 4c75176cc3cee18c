// Starts Amazon's DynamoDB Local bound to 127.0.0.1 only. The jar's own main() has no host flag and
// listens on every interface, so this launcher builds the server from the usual command-line
// arguments and sets the Jetty connectors' host before starting it. Run in source-file mode:
//   java -cp 'DynamoDBLocal.jar:DynamoDBLocal_lib/*' LoopbackDynamoDBLocal.java -port 8000 -inMemory
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDBLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field serverField = DynamoDBProxyServer.class.getDeclaredField("server");
    serverField.setAccessible(true);
    Server jetty = (Server) serverField.get(proxy);
    for (Connector connector : jetty.getConnectors()) {
      if (connector instanceof ServerConnector serverConnector) {
        serverConnector.setHost("127.0.0.1");
      }
    }
    proxy.start();
    // The parent process reads this line to know the server is accepting connections.
    System.out.println("SURAKSHA_DYNAMODB_LOCAL_READY");
    proxy.join();
  }
}
