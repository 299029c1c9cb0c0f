package org.jpegdl.attack;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * An inference parameter store that hands out each parameter as an alias (a view sharing its storage) owned by a
 * scope manager. Whatever a block derives from a parameter before touching the input is then created in the scope and
 * freed with it, instead of accumulating in the parameters' own manager over the thousands of passes an attack makes.
 * The JPEG layer already attaches its table views to the batch; this is the safety net for any other block (DJL's or
 * a user's) that does not. For frozen parameters only: the alias carries no gradient to the parameter.
 */
final class ScopedParameterStore extends ParameterStore {

    private final NDManager scope;

    ScopedParameterStore(NDManager scope) {
        super(scope, false);
        this.scope = scope;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        if (parameter == null) {
            return null;
        }
        NDArray array = parameter.getArray();
        if (!array.getDevice().equals(device)) {
            return super.getValue(parameter, device, training);
        }
        NDArray alias = array.reshape(array.getShape());
        alias.attach(scope);
        return alias;
    }
}
