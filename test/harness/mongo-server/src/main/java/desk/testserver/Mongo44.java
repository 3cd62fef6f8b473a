package desk.testserver;

import de.bwaldvogel.mongo.MongoVersion;
import java.util.List;

/** Reports MongoDB 4.4 / wire version 9: the current Node driver refuses anything older. */
final class Mongo44 implements MongoVersion {
  @Override
  public List<Integer> getVersionArray() {
    return List.of(4, 4, 0);
  }

  @Override
  public int getWireVersion() {
    return 9;
  }
}
